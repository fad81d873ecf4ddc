package com.callimport.web.pages.billing;

import com.callimport.billing.Checkout;
import com.callimport.billing.Checkouts;
import com.callimport.billing.DialerUsage;
import com.callimport.billing.Ledger;
import com.callimport.pricing.PriceList;
import com.callimport.web.pages.CurrentPerson;
import com.callimport.web.pages.SignedInUser;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The organization's billing: free calls left, credit, receipts of each paid import and the ledger; owners and admins. */
@Controller
class BillingPage {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.US);

    private final Checkouts checkouts;
    private final Ledger ledger;
    private final DialerUsage dialer;
    private final PriceList prices;
    private final CurrentPerson currentPerson;

    BillingPage(Checkouts checkouts, Ledger ledger, DialerUsage dialer, PriceList prices, CurrentPerson currentPerson) {
        this.checkouts = checkouts;
        this.ledger = ledger;
        this.dialer = dialer;
        this.prices = prices;
        this.currentPerson = currentPerson;
    }

    record Receipt(String day, UUID runId, String calls, String billed, String held, String charged, String credit, String status) {
    }

    record EntryView(String day, String what, String amount, String description) {
    }

    record MonthView(String month, String calls, String amount) {
    }

    @GetMapping("/billing")
    String billing(@AuthenticationPrincipal SignedInUser user, Model model) {
        currentPerson.manager(user);
        Currency currency = prices.currency();
        long allowance = checkouts.freeAllowance(user.organization());
        long used = Math.min(allowance, checkouts.freeCallsUsed(user.organization()));
        Ledger.Balance balance = ledger.balance(user.organization());
        model.addAttribute("freeLeft", Amounts.count(allowance - used));
        model.addAttribute("freeAllowance", Amounts.count(allowance));
        model.addAttribute("creditLeft", Amounts.money(balance.creditLeft(), currency));
        model.addAttribute("totalPaid", Amounts.money(balance.payments() - balance.refunds(), currency));
        model.addAttribute("invoice", checkouts.billingMethod(user.organization()).equals("invoice"));
        List<Receipt> receipts = checkouts.list(user.organization()).stream()
                .filter(checkout -> !checkout.free() && checkout.runId().isPresent())
                .map(checkout -> receipt(checkout)).toList();
        model.addAttribute("receipts", receipts);
        model.addAttribute("entries", ledger.entries(user.organization()).stream()
                .map(entry -> new EntryView(DAY.format(entry.at()), what(entry.kind()), Amounts.money(entry.amountMinor(),
                        Currency.getInstance(entry.currency())), entry.description())).toList());
        model.addAttribute("dialerIncluded", dialer.included());
        model.addAttribute("dialerPrice", Amounts.money(dialer.pricePerCall().rounded().amount().movePointRight(
                currency.getDefaultFractionDigits()).longValue(), currency));
        model.addAttribute("dialerMonths", dialer.statement(user.organization()).stream()
                .map(month -> new MonthView(MONTH.format(month.month()), Amounts.count(month.calls()),
                        Amounts.money(month.amount().amount().movePointRight(currency.getDefaultFractionDigits()).longValue(), currency)))
                .toList());
        return "billing/billing";
    }

    private static Receipt receipt(Checkout checkout) {
        Currency currency = checkout.currency();
        String status = switch (checkout.state()) {
            case AWAITING_PAYMENT -> "Waiting for payment";
            case PAID -> "Importing; charged when it finishes";
            case SETTLING -> "Being charged";
            case SETTLED -> "Paid";
            case CANCELLED -> "Not charged";
        };
        return new Receipt(DAY.format(checkout.paidAt().orElse(checkout.createdAt())), checkout.runId().orElse(null),
                Amounts.count(checkout.quotedCalls()),
                checkout.billedCalls().isPresent() ? Amounts.count(checkout.billedCalls().getAsLong()) : "—",
                Amounts.money(checkout.amountMinor(), currency),
                checkout.capturedMinor().isPresent() ? Amounts.money(checkout.capturedMinor().getAsLong(), currency) : "—",
                checkout.creditAppliedMinor().orElse(0) > 0 ? Amounts.money(checkout.creditAppliedMinor().getAsLong(), currency) : "—",
                status);
    }

    static String what(Ledger.Kind kind) {
        return switch (kind) {
            case BILLED -> "Calls billed";
            case PAYMENT -> "Payment";
            case REFUND -> "Refund";
            case CREDIT_ISSUED -> "Credit from us";
            case CREDIT_APPLIED -> "Credit used";
            case USAGE -> "Dialer usage";
        };
    }
}
