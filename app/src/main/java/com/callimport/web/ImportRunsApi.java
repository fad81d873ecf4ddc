package com.callimport.web;

import com.callimport.billing.Checkout;
import com.callimport.billing.Checkouts;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.DateWindow;
import com.callimport.connections.Connections;
import com.callimport.connections.OpenSources;
import com.callimport.estimates.TimelineEstimate;
import com.callimport.estimates.TimelineEstimator;
import com.callimport.imports.ImportControl;
import com.callimport.imports.ImportRun;
import com.callimport.imports.ImportRunState;
import com.callimport.imports.ImportRuns;
import com.callimport.organizations.OrganizationId;
import com.callimport.pricing.PriceQuote;
import com.callimport.quotes.ImportQuotes;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.math.BigDecimal;
import java.net.URI;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Import runs: create, start, pause, resume, cancel, and watch progress. */
@RestController
@RequestMapping("/api/import-runs")
class ImportRunsApi {
    private final ImportControl control;
    private final ImportRuns runs;
    private final ImportRunViews views;
    private final ImportQuotes quotes;
    private final Checkouts checkouts;
    private final Connections connections;

    ImportRunsApi(ImportControl control, ImportRuns runs, ImportRunViews views, ImportQuotes quotes, Checkouts checkouts,
                  Connections connections) {
        this.connections = connections;
        this.control = control;
        this.runs = runs;
        this.views = views;
        this.quotes = quotes;
        this.checkouts = checkouts;
    }

    /** @param start whether to start at once (default true); false leaves the run queued for a later start */
    record NewImportRun(UUID connectionId, Instant from, Instant to, Boolean start) {
    }

    record Counts(long listed, long imported, long updated, long unchanged, long skipped, long failed) {
    }

    /**
     * @param expectedCallsExact whether {@code expectedCalls} is exact or only "at least" (then no percent is given)
     * @param estimatedFinish while running: when the run should end, from the vendor-budget model blended toward
     *                        the pace the run has kept as it progresses
     * @param timeline        while running: the plain-language band of the time left and what bounds it
     */
    record ImportRunView(UUID id, UUID connectionId, ImportRun.Kind kind, DateWindow window, ImportRunState state, String stateReason,
                         Long expectedCalls, boolean expectedCallsExact, Counts counts, Double percentDone, Instant estimatedFinish, String timeline,
                         long rateLimitWaits, double secondsRunning, Instant createdAt, Instant startedAt, Instant finishedAt) {
        static ImportRunView of(ImportRun run, Optional<TimelineEstimate> remaining, Instant now) {
            var counts = run.counts();
            return new ImportRunView(run.id(), run.connectionId(), run.kind(), run.window(), run.state(), run.stateReason(),
                    run.expectedCalls().isPresent() ? run.expectedCalls().getAsLong() : null, run.expectedCallsExact(),
                    new Counts(counts.listed(), counts.imported(), counts.updated(), counts.unchanged(), counts.skipped(), counts.failed()),
                    TimelineEstimator.percentDone(run, remaining).orElse(null), remaining.map(TimelineEstimate::expectedFinish).orElse(null),
                    remaining.map(estimate -> estimate.band() + " (" + estimate.basis() + ")").orElse(null), run.rateLimitWaits(),
                    run.timeRunning(now).toMillis() / 1000.0, run.createdAt(), run.startedAt(), run.finishedAt());
        }
    }

    /**
     * Prices the import as the wizard's preview does and accepts the quote through the same checkout: the free
     * allowance, or the invoice of an organization billed on invoice, lets it start at once; a billable import of an
     * organization paying by card is answered 402 with the checkout a manager pays at, and starts once paid.
     *
     * @param idempotencyKey the same key, the same checkout: a retried request neither pays nor imports twice
     */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @ApiResponse(responseCode = "402", description = "The import is billable and the organization pays by card: nothing was started "
            + "or charged. A manager pays at checkoutUrl (checkout checkoutId, open until expiresAt); the import then appears in "
            + "GET /api/import-runs and starts (or, with \"start\": false, waits to be started).",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ImportRunView create(OrganizationId organization, @RequestBody NewImportRun request,
                         @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey)
            throws ConnectorException, InterruptedException {
        if (request.connectionId() == null) {
            throw new IllegalArgumentException("connectionId: name the connection to import from");
        }
        DateWindow window = window(request.from(), request.to());
        PriceQuote quote = quotes.quoteToConfirm(organization, request.connectionId(), window);
        String platform = connections.platformOf(organization, request.connectionId());
        Checkout checkout = checkouts.beginUnattended(organization, request.connectionId(), platform, window, quote,
                idempotencyKey == null || idempotencyKey.isBlank() ? UUID.randomUUID().toString() : idempotencyKey,
                request.start() == null || request.start());
        if (checkout.runId().isEmpty()) {
            throw new PaymentRequired(checkout, ServletUriComponentsBuilder.fromCurrentContextPath()
                    .path("/checkout/" + checkout.id()).build().toUri());
        }
        return view(runs.get(organization, checkout.runId().get()));
    }

    @GetMapping
    List<ImportRunView> list(OrganizationId organization, @RequestParam Optional<UUID> connectionId) {
        return runs.list(organization, connectionId).stream().map(this::view).toList();
    }

    @GetMapping("/{id}")
    ImportRunView get(OrganizationId organization, @PathVariable UUID id) {
        return view(runs.get(organization, id));
    }

    @PostMapping("/{id}/start")
    ImportRunView start(OrganizationId organization, @PathVariable UUID id) {
        return view(control.start(organization, id));
    }

    @PostMapping("/{id}/pause")
    ImportRunView pause(OrganizationId organization, @PathVariable UUID id) {
        return view(control.pause(organization, id));
    }

    @PostMapping("/{id}/resume")
    ImportRunView resume(OrganizationId organization, @PathVariable UUID id) {
        return view(control.resume(organization, id));
    }

    @PostMapping("/{id}/cancel")
    ImportRunView cancel(OrganizationId organization, @PathVariable UUID id) {
        return view(control.cancel(organization, id));
    }

    @GetMapping("/{id}/events")
    List<ImportRuns.ImportEvent> events(OrganizationId organization, @PathVariable UUID id) {
        return runs.events(organization, id);
    }

    /** Every call the run skipped or failed, with its reason. */
    @GetMapping("/{id}/exclusions")
    List<ImportRuns.Exclusion> exclusions(OrganizationId organization, @PathVariable UUID id) {
        return runs.exclusions(organization, id);
    }

    private ImportRunView view(ImportRun run) {
        return views.of(run);
    }

    /** A billable import waits for a manager to pay at its checkout page; nothing was started or charged. */
    static final class PaymentRequired extends RuntimeException {
        final Checkout checkout;
        final URI checkoutPage;

        PaymentRequired(Checkout checkout, URI checkoutPage) {
            super(String.format(Locale.US, "This import is billable: %,d of its %s%,d calls are beyond your free allowance, %s in total, "
                            + "held on a card and charged only for the calls that arrive. A manager of your organization pays at %s "
                            + "(checkout %s) before %s; the import starts once the payment is confirmed. Nothing was started or charged. "
                            + "To be billed on invoice instead, ask us to switch your organization to invoice billing.",
                    checkout.billableCalls(), checkout.atLeast() ? "at least " : "", checkout.quotedCalls(),
                    money(checkout.amountMinor(), checkout.currency()), checkoutPage, checkout.id(), checkout.expiresAt()));
            this.checkout = checkout;
            this.checkoutPage = checkoutPage;
        }

        private static String money(long minor, Currency currency) {
            NumberFormat format = NumberFormat.getCurrencyInstance(Locale.US);
            format.setCurrency(currency);
            return format.format(BigDecimal.valueOf(minor, currency.getDefaultFractionDigits()));
        }
    }

    static DateWindow window(Instant from, Instant to) {
        if (from == null) {
            throw new IllegalArgumentException("from: give the window's start as an ISO-8601 instant, e.g. 2026-01-01T00:00:00Z");
        }
        if (to == null) {
            throw new IllegalArgumentException("to: give the window's end as an ISO-8601 instant, e.g. 2026-02-01T00:00:00Z");
        }
        return new DateWindow(from, to);
    }
}
