package com.callimport.web.pages.billing;

import com.callimport.billing.Ledger;
import com.callimport.organizations.Organization;
import com.callimport.organizations.OrganizationId;
import com.callimport.organizations.Organizations;
import com.callimport.people.Person;
import com.callimport.pricing.PriceList;
import com.callimport.web.pages.CurrentPerson;
import com.callimport.web.pages.Flash;
import com.callimport.web.pages.PageErrors;
import com.callimport.web.pages.SignedInUser;
import jakarta.servlet.http.HttpServletResponse;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The staff console's billing: every organization's ledger with the check that it balances (payments − refunds + credit
 * applied = the calls billed × their frozen prices), one organization's entries, and a credit issued to it, audited.
 * Staff only ({@code /staff/**} needs {@code ROLE_STAFF}); the organization is a query parameter, not part of the path.
 */
@Controller
class StaffBillingPage {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d, yyyy, HH:mm 'UTC'", Locale.US).withZone(ZoneOffset.UTC);

    private final Ledger ledger;
    private final Organizations organizations;
    private final PriceList prices;
    private final CurrentPerson currentPerson;

    StaffBillingPage(Ledger ledger, Organizations organizations, PriceList prices, CurrentPerson currentPerson) {
        this.ledger = ledger;
        this.organizations = organizations;
        this.prices = prices;
        this.currentPerson = currentPerson;
    }

    record BalanceView(UUID id, String name, String billed, String payments, String refunds, String creditApplied, String creditLeft,
                       String difference, boolean balanced) {
    }

    record EntryView(String when, String what, String amount, String calls, String description, String by) {
    }

    @GetMapping("/staff/billing")
    String billing(@AuthenticationPrincipal SignedInUser user, @RequestParam(required = false) UUID organization, Model model) {
        staff(user);
        Currency currency = prices.currency();
        List<Ledger.Balance> balances = ledger.balances();
        long balanced = balances.stream().filter(Ledger.Balance::balanced).count();
        model.addAttribute("balancedCount", Amounts.count(balanced));
        model.addAttribute("organizationCount", Amounts.count(balances.size()));
        model.addAttribute("allBalanced", balanced == balances.size());
        model.addAttribute("totalDifference", Amounts.money(balances.stream().mapToLong(Ledger.Balance::difference).sum(), currency));
        model.addAttribute("balances", balances.stream().map(balance -> view(balance, currency)).toList());
        model.addAttribute("organizations", organizations.all());
        if (organization != null) {
            Organization chosen = organizations.find(new OrganizationId(organization)).orElseThrow(() -> new PageErrors.PageNotFound("organization"));
            model.addAttribute("chosen", chosen);
            model.addAttribute("chosenBalance", view(ledger.balance(chosen.id()), currency));
            model.addAttribute("entries", ledger.entries(chosen.id()).stream().map(entry -> new EntryView(DAY.format(entry.at()),
                    BillingPage.what(entry.kind()), Amounts.money(entry.amountMinor(), Currency.getInstance(entry.currency())),
                    entry.calls().map(Amounts::count).orElse(""), entry.description(), entry.recordedBy().orElse(""))).toList());
            if (!model.containsAttribute("amount")) {
                model.addAttribute("amount", "");
                model.addAttribute("reason", "");
            }
            model.addAttribute("key", UUID.randomUUID().toString());
        }
        return "billing/staff-billing";
    }

    @PostMapping("/staff/billing/credits")
    String issueCredit(@AuthenticationPrincipal SignedInUser user, @RequestParam UUID organization, @RequestParam(defaultValue = "") String amount,
                       @RequestParam(defaultValue = "") String reason, @RequestParam(defaultValue = "") String key, Model model,
                       HttpServletResponse response, RedirectAttributes redirect) {
        Person staff = staff(user);
        Organization chosen = organizations.find(new OrganizationId(organization)).orElseThrow(() -> new PageErrors.PageNotFound("organization"));
        try {
            long minor = Amounts.parse(amount, prices.currency());
            boolean issued = ledger.issueCredit(chosen.id(), minor, prices.currency().getCurrencyCode(), reason, staff,
                    key.isBlank() ? UUID.randomUUID().toString() : key);
            redirect.addFlashAttribute("flash", Flash.success(issued ? "Credit of " + Amounts.money(minor, prices.currency())
                    + " issued to " + chosen.name() + "." : "That credit was issued already."));
            return "redirect:/staff/billing?organization=" + organization;
        } catch (IllegalArgumentException refused) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("amount", amount);
            model.addAttribute("reason", reason);
            model.addAttribute("problem", refused.getMessage());
            return billing(user, organization, model);
        }
    }

    private Person staff(SignedInUser user) {
        Person person = currentPerson.of(user);
        if (!person.staff()) {
            throw new AccessDeniedException("staff only");
        }
        return person;
    }

    private static BalanceView view(Ledger.Balance balance, Currency currency) {
        return new BalanceView(balance.organization().value(), balance.organizationName(), Amounts.money(balance.billed(), currency),
                Amounts.money(balance.payments(), currency), Amounts.money(balance.refunds(), currency),
                Amounts.money(balance.creditApplied(), currency), Amounts.money(balance.creditLeft(), currency),
                Amounts.money(balance.difference(), currency), balance.balanced());
    }
}
