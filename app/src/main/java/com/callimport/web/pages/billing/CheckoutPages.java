package com.callimport.web.pages.billing;

import com.callimport.billing.Checkout;
import com.callimport.billing.CheckoutState;
import com.callimport.billing.Checkouts;
import com.callimport.catalog.PlatformCatalog;
import com.callimport.payments.PaymentProvider;
import com.callimport.web.pages.CurrentPerson;
import com.callimport.web.pages.PageErrors;
import com.callimport.web.pages.SignedInUser;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Checkout of a billable import (ADR 0020): the accepted quote, then the card provider's own page (no card data
 * reaches this service), and back: to the import's progress once the hold is confirmed, or to this page saying what
 * went wrong and what to do, with nothing charged and nothing imported.
 */
@Controller
class CheckoutPages {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.US).withZone(ZoneOffset.UTC);

    private final Checkouts checkouts;
    private final CurrentPerson currentPerson;
    private final PlatformCatalog catalog;

    CheckoutPages(Checkouts checkouts, CurrentPerson currentPerson, PlatformCatalog catalog) {
        this.checkouts = checkouts;
        this.currentPerson = currentPerson;
        this.catalog = catalog;
    }

    /** The checkout as the page writes it. */
    record CheckoutView(UUID id, String state, String platform, String windowText, String calls, String freeCalls, String billableCalls,
                        String unitPrice, String held, boolean invoice, boolean atLeast, String problem, String previewPath) {
    }

    @GetMapping("/checkout/{id}")
    String checkout(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID id, Model model) {
        currentPerson.manager(user);
        Checkout checkout = checkouts.get(user.organization(), id);
        if (checkout.runId().isPresent()) {
            return "redirect:/imports/" + checkout.runId().get();
        }
        return page(model, checkout, null, false);
    }

    @PostMapping("/checkout/{id}/pay")
    String pay(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID id, Model model, HttpServletResponse response) {
        currentPerson.manager(user);
        Checkout checkout = checkouts.get(user.organization(), id);
        URI here = ServletUriComponentsBuilder.fromCurrentContextPath().path("/checkout/" + id).build().toUri();
        try {
            Checkouts.Next next = checkouts.pay(user.organization(), id, URI.create(here + "/done"), URI.create(here + "/cancelled"));
            return switch (next) {
                case Checkouts.Next.ImportStarted started -> "redirect:/imports/" + started.runId();
                // a page that moves on by itself, not a redirect: the pages' policy keeps form submissions to this service
                case Checkouts.Next.ConfirmAt page -> {
                    model.addAttribute("paymentPage", page.page().toString());
                    yield "billing/to-payment";
                }
            };
        } catch (PaymentProvider.PaymentRefused | Checkouts.CheckoutClosed refused) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return page(model, checkouts.get(user.organization(), id), refused.getMessage(), false);
        } catch (PaymentProvider.PaymentUnavailable unavailable) {
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            return page(model, checkout, unavailable.getMessage(), false);
        }
    }

    /** Back from the provider's page having paid: to the import once the provider confirms the hold. */
    @GetMapping("/checkout/{id}/done")
    String done(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID id, Model model, HttpServletResponse response) {
        currentPerson.manager(user);
        try {
            Checkout checkout = checkouts.refresh(user.organization(), id);
            if (checkout.runId().isPresent()) {
                return "redirect:/imports/" + checkout.runId().get();
            }
            return page(model, checkout, null, checkout.state() == CheckoutState.AWAITING_PAYMENT);
        } catch (PaymentProvider.PaymentUnavailable unavailable) {
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            return page(model, checkouts.get(user.organization(), id), unavailable.getMessage(), true);
        }
    }

    /** Back from the provider's page without paying (given up, or the card was declined). */
    @GetMapping("/checkout/{id}/cancelled")
    String cancelled(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID id, Model model, HttpServletResponse response) {
        currentPerson.manager(user);
        try {
            Checkout checkout = checkouts.abandon(user.organization(), id);
            if (checkout.runId().isPresent()) {
                return "redirect:/imports/" + checkout.runId().get();
            }
            return page(model, checkout, null, false);
        } catch (PaymentProvider.PaymentUnavailable unavailable) {
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            return page(model, checkouts.get(user.organization(), id), unavailable.getMessage(), false);
        }
    }

    private String page(Model model, Checkout checkout, String problem, boolean waiting) {
        String platform = catalog.entries().stream().filter(entry -> entry.platform().equals(checkout.platform()))
                .map(entry -> entry.name()).findFirst().orElse(checkout.platform());
        long unit = checkout.billableCalls() == 0 ? 0 : checkout.amountMinor() / checkout.billableCalls();
        model.addAttribute("checkout", new CheckoutView(checkout.id(), checkout.state().name(), platform,
                DAY.format(checkout.window().from()) + " to " + DAY.format(checkout.window().to()),
                Amounts.count(checkout.quotedCalls()), Amounts.count(checkout.freeCalls()), Amounts.count(checkout.billableCalls()),
                Amounts.money(unit, checkout.currency()), Amounts.money(checkout.amountMinor(), checkout.currency()),
                checkout.method().equals("invoice"), checkout.atLeast(),
                problem != null ? problem : checkout.problem().orElse(null),
                "/import/connections/" + checkout.connectionId() + "/preview?from=" + checkout.window().from() + "&to=" + checkout.window().to()));
        model.addAttribute("waiting", waiting);
        return "billing/checkout";
    }

    @ExceptionHandler(Checkouts.CheckoutNotFound.class)
    ModelAndView notFound() {
        return PageErrors.notFound();
    }
}
