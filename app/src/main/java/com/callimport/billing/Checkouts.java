package com.callimport.billing;

import com.callimport.calls.CallStore;
import com.callimport.connector.DateWindow;
import com.callimport.imports.ImportControl;
import com.callimport.imports.ImportRun;
import com.callimport.imports.ImportRunOutcome;
import com.callimport.imports.ImportRunState;
import com.callimport.imports.ImportRuns;
import com.callimport.organizations.OrganizationId;
import com.callimport.organizations.Organizations;
import com.callimport.payments.PaymentChanged;
import com.callimport.payments.PaymentProvider;
import com.callimport.payments.PaymentProviders;
import com.callimport.payments.PaymentState;
import com.callimport.pricing.PriceList;
import com.callimport.pricing.PriceQuote;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checkout of an import (ADR 0020). {@link #begin} accepts a quote: it takes the free calls from the organization's
 * allowance under the allowance's row lock (so concurrent imports on any instance consume it once), freezes the prices,
 * and either starts the import at once (nothing to pay) or waits for {@link #pay}. The import starts only once the
 * provider holds the money; it is then captured for the calls that landed, never more than the hold, and the unused
 * free calls go back. A payment's state is always asked of the provider — on the customer's return, on a webhook, and
 * by {@link #reconcile} at start-up and on a schedule — so a crash, a lost or a reordered webhook changes nothing.
 */
@Component
public class Checkouts {
    private static final Logger log = LoggerFactory.getLogger(Checkouts.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final PriceList prices;
    private final Organizations organizations;
    private final CallStore calls;
    private final ImportControl control;
    private final ImportRuns runs;
    private final PaymentProviders providers;
    private final Ledger ledger;
    private final Clock clock;
    private final Duration expiry;

    Checkouts(JdbcClient jdbc, PlatformTransactionManager transactionManager, PriceList prices, Organizations organizations, CallStore calls,
              ImportControl control, ImportRuns runs, PaymentProviders providers, Ledger ledger, Clock clock,
              @Value("${callimport.billing.checkout-expiry:1h}") Duration expiry) {
        this.jdbc = jdbc;
        // its own transactions, also when called after another one committed (a run's outcome), where joining would write nothing
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.prices = prices;
        this.organizations = organizations;
        this.calls = calls;
        this.control = control;
        this.runs = runs;
        this.providers = providers;
        this.ledger = ledger;
        this.clock = clock;
        this.expiry = expiry;
    }

    // ---- the free allowance

    /** Free calls the organization has taken so far (reserved by checkouts, or imported before the ledger existed). */
    public long freeCallsUsed(OrganizationId organization) {
        return jdbc.sql("SELECT used_calls FROM billing_allowances WHERE organization_id = ?").param(organization.value())
                .query(Long.class).optional()
                .orElseGet(() -> Math.min(freeAllowance(organization), calls.countByOrganization(organization)));
    }

    public long freeAllowance(OrganizationId organization) {
        return prices.freeCalls(organizations.get(organization).plan());
    }

    /** Locks the organization's allowance row, creating it first; every billing decision of an organization takes this lock. */
    private long[] lockAllowance(OrganizationId organization) {
        long free = freeAllowance(organization);
        jdbc.sql("""
                INSERT INTO billing_allowances (organization_id, free_calls, used_calls) VALUES (?, ?, least(?, ?))
                ON CONFLICT (organization_id) DO NOTHING""")
                .params(organization.value(), free, free, calls.countByOrganization(organization)).update();
        return jdbc.sql("SELECT free_calls, used_calls FROM billing_allowances WHERE organization_id = ? FOR UPDATE")
                .param(organization.value()).query((rs, row) -> new long[]{rs.getLong(1), rs.getLong(2)}).single();
    }

    private void useFreeCalls(OrganizationId organization, long delta) {
        jdbc.sql("UPDATE billing_allowances SET used_calls = used_calls + ? WHERE organization_id = ?")
                .params(delta, organization.value()).update();
    }

    // ---- accepting a quote

    /**
     * Accepts the preview's quote of an import. The same {@code attemptKey} (a double-clicked confirm) answers the same
     * checkout. The free calls are taken now; the price is frozen now.
     *
     * @param quote the quote the customer saw; its free calls are re-counted under the lock, as another import may have
     *              taken them since
     */
    public Checkout begin(OrganizationId organization, UUID connectionId, String platform, DateWindow window, PriceQuote quote,
                          String attemptKey, UUID startedBy) {
        return begin(organization, connectionId, platform, window, quote, attemptKey, startedBy, true);
    }

    /**
     * Accepts the quote of an import asked for through the API, where no person waits at a checkout page: what needs no
     * card — the free allowance, or the invoice of an organization billed on invoice — is confirmed at once, as a
     * manager's confirm at the checkout page would be; a card payment waits for a manager to pay at the checkout page.
     * The import then starts as a wizard's does, once paid.
     *
     * @param startWhenPaid false leaves the paid import queued until it is started (the API's {@code "start": false})
     * @return the checkout; with its run once nothing is left to pay
     */
    public Checkout beginUnattended(OrganizationId organization, UUID connectionId, String platform, DateWindow window, PriceQuote quote,
                                    String attemptKey, boolean startWhenPaid) {
        Checkout checkout = begin(organization, connectionId, platform, window, quote, attemptKey, null, startWhenPaid);
        if (checkout.state() == CheckoutState.AWAITING_PAYMENT && checkout.method().equals("invoice")) {
            // the invoice provider authorizes at once; there is no page to return from
            pay(organization, checkout.id(), null, null);
        }
        return get(organization, checkout.id());
    }

    private Checkout begin(OrganizationId organization, UUID connectionId, String platform, DateWindow window, PriceQuote quote,
                           String attemptKey, UUID startedBy, boolean startWhenPaid) {
        if (attemptKey == null || attemptKey.isBlank() || attemptKey.length() > 100) {
            throw new IllegalArgumentException("The confirmation is missing its key; go back to the preview and confirm again.");
        }
        Checkout checkout = transactions.execute(status -> {
            long[] allowance = lockAllowance(organization);
            Optional<Checkout> earlier = jdbc.sql("SELECT * FROM import_checkouts WHERE organization_id = ? AND attempt_key = ?")
                    .params(organization.value(), attemptKey).query(Checkouts::checkout).optional();
            if (earlier.isPresent()) {
                return earlier.get();
            }
            long chargeable = quote.billableCalls() + quote.lineItems().getFirst().calls();
            long free = Math.min(Math.max(0, allowance[0] - allowance[1]), chargeable);
            long billable = chargeable - free;
            Currency currency = prices.currency();
            FrozenPrice price = FrozenPrice.of(prices.schedule(platform), currency);
            long amount = price.amountMinor(billable);
            useFreeCalls(organization, free);
            UUID id = UUID.randomUUID();
            Instant now = Instant.now(clock);
            String method = jdbc.sql("SELECT billing_method FROM organizations WHERE id = ?").param(organization.value())
                    .query(String.class).single();
            jdbc.sql("""
                    INSERT INTO import_checkouts (id, organization_id, attempt_key, connection_id, window_from, window_to, platform,
                        quoted_calls, at_least, free_calls, billable_calls, price_steps, currency, amount_minor, method, state,
                        started_by_user_id, created_at, expires_at, start_when_paid)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'AWAITING_PAYMENT', ?, ?, ?, ?)""")
                    .params(id, organization.value(), attemptKey, connectionId, utc(window.from()), utc(window.to()), platform,
                            chargeable, quote.atLeast(), free, billable, price.encode(), currency.getCurrencyCode(), amount,
                            amount == 0 ? "none" : method, startedBy, utc(now), utc(now.plus(expiry)), startWhenPaid)
                    .update();
            if (amount == 0) {
                createRun(id);
            }
            return get(organization, id);
        });
        startIfQueued(checkout);
        return get(organization, checkout.id());
    }

    /** What {@link #pay} leads to: the import started, or the provider's page where the customer confirms the hold. */
    public sealed interface Next {
        record ImportStarted(UUID runId) implements Next {
        }

        record ConfirmAt(URI page) implements Next {
        }
    }

    /**
     * Opens the payment for the hold (once, however often it is pressed) and says where the customer goes next.
     *
     * @throws PaymentProvider.PaymentRefused     with a message for the customer
     * @throws PaymentProvider.PaymentUnavailable when the provider cannot be reached; nothing was charged
     * @throws CheckoutClosed                     when the checkout was cancelled or expired
     */
    public Next pay(OrganizationId organization, UUID checkoutId, URI returnTo, URI cancelTo) {
        Checkout checkout = get(organization, checkoutId);
        switch (checkout.state()) {
            case PAID, SETTLING, SETTLED -> {
                return new Next.ImportStarted(checkout.runId().orElseThrow());
            }
            case CANCELLED -> throw new CheckoutClosed(checkout);
            case AWAITING_PAYMENT -> {
            }
        }
        if (Instant.now(clock).isAfter(checkout.expiresAt())) {
            cancel(checkout.id(), "This checkout expired before it was paid.");
            throw new CheckoutClosed(get(organization, checkoutId));
        }
        PaymentProvider provider = providers.get(checkout.method());
        PaymentProvider.Started started = provider.start(new PaymentProvider.PaymentRequest(checkout.id().toString(),
                organization.value().toString(), checkout.amountMinor(), checkout.currency(),
                String.format("Import of %,d calls (%,d billable)", checkout.quotedCalls(), checkout.billableCalls()), returnTo, cancelTo));
        jdbc.sql("UPDATE import_checkouts SET payment_reference = ? WHERE id = ? AND payment_reference IS NULL")
                .params(started.reference(), checkout.id()).update();
        apply(checkout.id(), started.state());
        Checkout now = get(organization, checkoutId);
        if (now.runId().isPresent()) {
            return new Next.ImportStarted(now.runId().get());
        }
        return new Next.ConfirmAt(started.confirmAt().orElseThrow(() -> new PaymentProvider.PaymentUnavailable(
                "The payment page is not available; nothing was charged. Try again in a minute.", null)));
    }

    /** The customer came back from the provider's page: asks the provider where the payment stands and acts on it. */
    public Checkout refresh(OrganizationId organization, UUID checkoutId) {
        Checkout checkout = get(organization, checkoutId);
        if (checkout.state() == CheckoutState.AWAITING_PAYMENT && checkout.paymentReference().isPresent()) {
            apply(checkout.id(), providers.get(checkout.method()).state(checkout.paymentReference().get()));
        }
        return get(organization, checkoutId);
    }

    /**
     * The customer left the provider's page without paying (or their card was declined): the payment page is closed, so
     * it cannot be paid later by surprise, and the free calls go back. A payment that did go through still starts.
     */
    public Checkout abandon(OrganizationId organization, UUID checkoutId) {
        Checkout checkout = refresh(organization, checkoutId);
        if (checkout.state() != CheckoutState.AWAITING_PAYMENT) {
            return checkout;
        }
        Optional<String> problem = Optional.empty();
        if (checkout.paymentReference().isPresent()) {
            PaymentProvider provider = providers.get(checkout.method());
            problem = provider.state(checkout.paymentReference().get()).problem();
            provider.release(checkout.paymentReference().get(), checkout.id().toString());
            apply(checkout.id(), provider.state(checkout.paymentReference().get()));
        }
        cancel(checkout.id(), problem.orElse("You left the payment page before paying."));
        return get(organization, checkoutId);
    }

    /** A provider's verified webhook: asks the provider (never the notice) and acts. */
    @EventListener
    public void on(PaymentChanged changed) {
        jdbc.sql("SELECT id FROM import_checkouts WHERE method = ? AND payment_reference = ?")
                .params(changed.method(), changed.reference()).query(UUID.class).optional()
                .ifPresent(id -> apply(id, providers.get(changed.method()).state(changed.reference())));
    }

    private void apply(UUID checkoutId, PaymentState payment) {
        switch (payment.status()) {
            case AUTHORIZED, CAPTURED -> {
                Checkout paid = transactions.execute(status -> {
                    if (lockState(checkoutId) == CheckoutState.AWAITING_PAYMENT) {
                        createRun(checkoutId);
                    }
                    return getUnscoped(checkoutId);
                });
                startIfQueued(paid);
            }
            case CANCELLED -> cancel(checkoutId, payment.problem().orElse("The payment was cancelled."));
            case PENDING -> payment.problem().ifPresent(problem ->
                    jdbc.sql("UPDATE import_checkouts SET problem = ? WHERE id = ? AND state = 'AWAITING_PAYMENT'")
                            .params(problem, checkoutId).update());
        }
    }

    /** In the caller's transaction, with the checkout locked and awaiting payment: the import is created, and is the only one. */
    private void createRun(UUID checkoutId) {
        Checkout checkout = getUnscoped(checkoutId);
        ImportRun run = checkout.startedBy().isPresent()
                ? control.create(checkout.organization(), checkout.connectionId(), checkout.window(), checkout.startedBy().get())
                : control.create(checkout.organization(), checkout.connectionId(), checkout.window());
        jdbc.sql("UPDATE import_checkouts SET state = 'PAID', run_id = ?, paid_at = ?, problem = NULL WHERE id = ?")
                .params(run.id(), utc(Instant.now(clock)), checkoutId).update();
        runs.record(run.id(), "PAID", checkout.free() ? "covered by the free allowance (" + checkout.freeCalls() + " free calls)"
                : "payment held: " + checkout.amountMinor() + " " + checkout.currency() + " minor units for at most "
                  + checkout.billableCalls() + " billable calls, captured for the calls that land");
    }

    /** Starts the import of a paid checkout, once: a crash between payment and start is picked up by {@link #reconcile}. */
    private void startIfQueued(Checkout checkout) {
        if (checkout.state() != CheckoutState.PAID || checkout.runId().isEmpty() || !checkout.startWhenPaid()) {
            return;
        }
        ImportRun run = runs.get(checkout.organization(), checkout.runId().get());
        if (run.state() == ImportRunState.QUEUED) {
            try {
                control.start(checkout.organization(), run.id());
            } catch (ImportRuns.IllegalTransition startedElsewhere) {
                // another instance (a webhook, the customer's return) started it a moment before
            }
        }
    }

    private void cancel(UUID checkoutId, String problem) {
        transactions.executeWithoutResult(status -> {
            Checkout checkout = getUnscoped(checkoutId);
            lockAllowance(checkout.organization());
            if (lockState(checkoutId) != CheckoutState.AWAITING_PAYMENT) {
                return;
            }
            useFreeCalls(checkout.organization(), -checkout.freeCalls());
            jdbc.sql("UPDATE import_checkouts SET state = 'CANCELLED', problem = ? WHERE id = ?").params(problem, checkoutId).update();
        });
    }

    // ---- settling what landed

    /** A run ended: its checkout is settled once the transaction that moved it has committed. */
    @TransactionalEventListener(fallbackExecution = true)
    public void on(ImportRunOutcome outcome) {
        if (outcome.state() == ImportRunState.SUCCEEDED) {
            jdbc.sql("SELECT id FROM import_checkouts WHERE run_id = ? AND state IN ('PAID', 'SETTLING')").param(outcome.runId())
                    .query(UUID.class).optional().ifPresent(this::settleQuietly);
        }
    }

    private void settleQuietly(UUID checkoutId) {
        try {
            settle(checkoutId);
        } catch (RuntimeException e) {
            log.warn("checkout {} not settled yet ({}); the reconciliation retries", checkoutId, e.getMessage());
        }
    }

    /**
     * Bills a checkout whose import has ended (succeeded, or cancelled by the customer with some calls imported): the
     * calls that landed take the reserved free calls first, the rest are billed at the frozen prices up to the hold, credit
     * pays first, and the card is captured for the remainder. Two steps around the provider call, each idempotent.
     */
    public void settle(UUID checkoutId) {
        Checkout ready = transactions.execute(status -> {
            Checkout checkout = getUnscoped(checkoutId);
            lockAllowance(checkout.organization());
            CheckoutState state = lockState(checkoutId);
            if (state == CheckoutState.SETTLING) {
                return getUnscoped(checkoutId);
            }
            if (state != CheckoutState.PAID) {
                return null;
            }
            ImportRun run = runs.get(checkout.organization(), checkout.runId().orElseThrow());
            if (run.state() != ImportRunState.SUCCEEDED && run.state() != ImportRunState.CANCELLED) {
                return null;
            }
            long landed = run.counts().imported();
            long freeUsed = Math.min(landed, checkout.freeCalls());
            long billed = Math.min(landed - freeUsed, checkout.billableCalls());
            long amount = FrozenPrice.decode(jdbc.sql("SELECT price_steps FROM import_checkouts WHERE id = ?").param(checkoutId)
                    .query(String.class).single(), checkout.currency()).amountMinor(billed);
            long credit = Math.min(Math.max(0, ledger.creditAvailable(checkout.organization())), amount);
            useFreeCalls(checkout.organization(), freeUsed - checkout.freeCalls());
            jdbc.sql("""
                    UPDATE import_checkouts SET state = 'SETTLING', billed_calls = ?, billed_minor = ?, credit_applied_minor = ?,
                        captured_minor = ? WHERE id = ?""")
                    .params(billed, amount, credit, amount - credit, checkoutId).update();
            return getUnscoped(checkoutId);
        });
        if (ready == null) {
            return;
        }
        long capture = ready.capturedMinor().orElseThrow();
        if (ready.paymentReference().isPresent()) {
            providers.get(ready.method()).capture(ready.paymentReference().get(), capture, ready.id().toString());
        }
        transactions.executeWithoutResult(status -> {
            if (lockState(checkoutId) != CheckoutState.SETTLING) {
                return;
            }
            OrganizationId organization = ready.organization();
            String currency = ready.currency().getCurrencyCode();
            UUID run = ready.runId().orElseThrow();
            long billed = ready.billedCalls().orElseThrow();
            ledger.record(organization, Ledger.Kind.BILLED, ready.billedMinor().orElseThrow(), currency, billed, checkoutId, run,
                    String.format("%,d calls imported; %,d billed (%,d free)", billed + Math.min(ready.freeCalls(),
                            runs.get(organization, run).counts().imported()), billed,
                            Math.min(ready.freeCalls(), runs.get(organization, run).counts().imported())), "billed-" + checkoutId, null);
            if (ready.creditAppliedMinor().orElse(0) > 0) {
                ledger.record(organization, Ledger.Kind.CREDIT_APPLIED, ready.creditAppliedMinor().getAsLong(), currency, null, checkoutId,
                        run, "credit applied to the import", "credit-applied-" + checkoutId, null);
            }
            if (capture > 0) {
                ledger.record(organization, Ledger.Kind.PAYMENT, capture, currency, null, checkoutId, run,
                        ready.method().equals("invoice") ? "billed on your invoice" : "card charged (hold of "
                                + ready.amountMinor() + " captured for " + capture + ", the rest let go)", "payment-" + checkoutId, null);
            }
            jdbc.sql("UPDATE import_checkouts SET state = 'SETTLED', settled_at = ? WHERE id = ?")
                    .params(utc(Instant.now(clock)), checkoutId).update();
        });
    }

    // ---- reconciliation

    /**
     * Brings every open checkout up to date with its provider and its import, on start-up and on a schedule: a payment
     * confirmed while no instance was up starts its import, a paid import left unstarted by a crash starts, ended imports
     * are settled, and checkouts never paid expire with their free calls given back.
     */
    public void reconcile() {
        Instant now = Instant.now(clock);
        for (Checkout checkout : jdbc.sql("SELECT * FROM import_checkouts WHERE state IN ('AWAITING_PAYMENT', 'PAID', 'SETTLING') ORDER BY created_at")
                .query(Checkouts::checkout).list()) {
            try {
                switch (checkout.state()) {
                    case AWAITING_PAYMENT -> {
                        if (checkout.paymentReference().isPresent()) {
                            apply(checkout.id(), providers.get(checkout.method()).state(checkout.paymentReference().get()));
                        }
                        if (now.isAfter(checkout.expiresAt()) && getUnscoped(checkout.id()).state() == CheckoutState.AWAITING_PAYMENT) {
                            checkout.paymentReference().ifPresent(reference ->
                                    providers.get(checkout.method()).release(reference, checkout.id().toString()));
                            cancel(checkout.id(), "This checkout expired before it was paid.");
                        }
                    }
                    case PAID -> {
                        startIfQueued(checkout);
                        settle(checkout.id());
                    }
                    case SETTLING -> settle(checkout.id());
                    case SETTLED, CANCELLED -> {
                    }
                }
            } catch (RuntimeException e) {
                log.warn("checkout {} not reconciled ({}); next pass retries", checkout.id(), e.getMessage());
            }
        }
    }

    // ---- reading

    public Checkout get(OrganizationId organization, UUID id) {
        return jdbc.sql("SELECT * FROM import_checkouts WHERE organization_id = ? AND id = ?").params(organization.value(), id)
                .query(Checkouts::checkout).optional().orElseThrow(() -> new CheckoutNotFound(id));
    }

    public Optional<Checkout> ofRun(OrganizationId organization, UUID runId) {
        return jdbc.sql("SELECT * FROM import_checkouts WHERE organization_id = ? AND run_id = ?").params(organization.value(), runId)
                .query(Checkouts::checkout).optional();
    }

    public List<Checkout> list(OrganizationId organization) {
        return jdbc.sql("SELECT * FROM import_checkouts WHERE organization_id = ? ORDER BY created_at DESC LIMIT 200")
                .param(organization.value()).query(Checkouts::checkout).list();
    }

    /** How the organization pays for billable imports: {@code card} or {@code invoice}. */
    public String billingMethod(OrganizationId organization) {
        return jdbc.sql("SELECT billing_method FROM organizations WHERE id = ?").param(organization.value()).query(String.class).single();
    }

    /** Sets how the organization pays: {@code card} (self-service) or {@code invoice} (sales-assisted, no card). */
    public void billingMethod(OrganizationId organization, String method) {
        if (!method.equals("card") && !method.equals("invoice")) {
            throw new IllegalArgumentException("billing method is 'card' or 'invoice'; got '" + method + "'");
        }
        jdbc.sql("UPDATE organizations SET billing_method = ? WHERE id = ?").params(method, organization.value()).update();
    }

    private Checkout getUnscoped(UUID id) {
        return jdbc.sql("SELECT * FROM import_checkouts WHERE id = ?").param(id).query(Checkouts::checkout).single();
    }

    private CheckoutState lockState(UUID id) {
        return CheckoutState.valueOf(jdbc.sql("SELECT state FROM import_checkouts WHERE id = ? FOR UPDATE").param(id)
                .query(String.class).single());
    }

    private static java.time.OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static OptionalLong optionalLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
    }

    private static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
        java.sql.Timestamp value = rs.getTimestamp(column);
        return Optional.ofNullable(value).map(java.sql.Timestamp::toInstant);
    }

    static Checkout checkout(ResultSet rs, int row) throws SQLException {
        return new Checkout(rs.getObject("id", UUID.class), new OrganizationId(rs.getObject("organization_id", UUID.class)),
                rs.getObject("connection_id", UUID.class), rs.getString("platform"),
                new DateWindow(rs.getTimestamp("window_from").toInstant(), rs.getTimestamp("window_to").toInstant()),
                rs.getLong("quoted_calls"), rs.getBoolean("at_least"), rs.getLong("free_calls"), rs.getLong("billable_calls"),
                Currency.getInstance(rs.getString("currency")), rs.getLong("amount_minor"), rs.getString("method"),
                CheckoutState.valueOf(rs.getString("state")), Optional.ofNullable(rs.getString("problem")),
                Optional.ofNullable(rs.getString("payment_reference")), Optional.ofNullable(rs.getObject("run_id", UUID.class)),
                Optional.ofNullable(rs.getObject("started_by_user_id", UUID.class)),
                optionalLong(rs, "billed_calls"), optionalLong(rs, "billed_minor"), optionalLong(rs, "credit_applied_minor"),
                optionalLong(rs, "captured_minor"), rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("expires_at").toInstant(),
                optionalInstant(rs, "paid_at"), optionalInstant(rs, "settled_at"), rs.getBoolean("start_when_paid"));
    }

    public static final class CheckoutNotFound extends RuntimeException {
        public CheckoutNotFound(UUID id) {
            super("no checkout " + id + " in this organization");
        }
    }

    /** The checkout cannot be paid any more; a new confirmation from the preview starts again. */
    public static final class CheckoutClosed extends RuntimeException {
        public CheckoutClosed(Checkout checkout) {
            super(checkout.problem().orElse("This checkout is closed."));
        }
    }
}
