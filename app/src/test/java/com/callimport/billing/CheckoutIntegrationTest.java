package com.callimport.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callimport.connections.Connections;
import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connectors.gong.GongCredentialsFixture;
import com.callimport.connectors.gong.GongSimulator;
import com.callimport.imports.ImportRun;
import com.callimport.imports.ImportRunState;
import com.callimport.imports.ImportRuns;
import com.callimport.organizations.OrganizationId;
import com.callimport.payments.stripe.StripeSimulator;
import com.callimport.people.People;
import com.callimport.people.Person;
import com.callimport.pricing.PriceQuote;
import com.callimport.pricing.Pricing;
import com.callimport.testfixtures.Await;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Checkout against real PostgreSQL, the Gong simulator and the Stripe simulator: the free allowance taken once by
 * concurrent imports, an import started only once its hold is confirmed and captured for the calls that landed, a
 * declined card, a double click, and webhooks replayed, reordered and forged. Every test ends with a balanced ledger.
 */
@EngineIntegrationTest
@TestPropertySource(properties = {"callimport.test.database=checkout", "callimport.pricing.free-calls=1000",
        "callimport.pricing.price-per-call=0.10", "callimport.billing.reconcile-interval=1h",
        "callimport.pricing.dialer-sync.mode=per-call", "callimport.pricing.dialer-sync.price-per-call=0.02"})
class CheckoutIntegrationTest {
    private static final GongSimulator GONG = GongSimulator.start();
    private static final StripeSimulator STRIPE = StripeSimulator.start();
    private static final CallMix WITHOUT_MEDIA = new CallMix(0, 1, 1);
    private static final Instant DAY = Instant.parse("2026-03-02T00:00:00Z");
    private static final URI BACK = URI.create("https://calls.example.com/checkout/back");

    @DynamicPropertySource
    static void simulators(DynamicPropertyRegistry registry) {
        registry.add("callimport.platforms.gong.base-url", () -> GONG.baseUrl().toString());
        registry.add("callimport.payments.stripe.api-key", () -> StripeSimulator.API_KEY);
        registry.add("callimport.payments.stripe.webhook-secret", () -> StripeSimulator.WEBHOOK_SECRET);
        registry.add("callimport.payments.stripe.api-base", () -> STRIPE.baseUrl().toString());
        registry.add("callimport.rate-budgets", () -> "false");
    }

    @AfterAll
    static void stop() {
        GONG.close();
        STRIPE.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    Checkouts checkouts;
    @Autowired
    Ledger ledger;
    @Autowired
    Pricing pricing;
    @Autowired
    People people;
    @Autowired
    Connections connections;
    @Autowired
    ImportRuns runs;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DialerUsage dialer;

    @BeforeEach
    void reset() {
        GONG.reset();
        STRIPE.reset();
        STRIPE.sendEventsTo(URI.create("http://127.0.0.1:" + port + "/webhooks/payments/card"));
    }

    record Customer(Person owner, OrganizationId organization, UUID connection) {
    }

    private Customer customer(String name) {
        Person owner = people.signUp(name, "owner-" + UUID.randomUUID() + "@checkout.example", "a long enough password");
        UUID connection = connections.create(owner.organization(), new Connections.NewConnection("gong", "Gong",
                GongCredentialsFixture.acceptedValues(), Map.of())).id();
        return new Customer(owner, owner.organization(), connection);
    }

    private PriceQuote quoteOf(long calls) {
        return pricing.quote("gong", "standard", calls, 0, 0, List.of());
    }

    private Checkout begin(Customer customer, DateWindow window, long quotedCalls) {
        return checkouts.begin(customer.organization(), customer.connection(), "gong", window, quoteOf(quotedCalls),
                UUID.randomUUID().toString(), customer.owner().id());
    }

    private ImportRun finished(Customer customer, UUID runId) {
        return Await.until(Duration.ofSeconds(60), () -> runs.get(customer.organization(), runId),
                run -> run.state() == ImportRunState.SUCCEEDED, "the import to succeed");
    }

    private Checkout settled(Customer customer, UUID checkoutId) {
        return Await.until(Duration.ofSeconds(30), () -> checkouts.get(customer.organization(), checkoutId),
                checkout -> checkout.state() == CheckoutState.SETTLED, "the checkout to be settled");
    }

    private String sessionOf(Checkout checkout) {
        return checkouts.get(checkout.organization(), checkout.id()).paymentReference().orElseThrow();
    }

    @Test
    void twoConcurrentImportsOf800CallsConsumeTheThousandFreeCallsExactlyOnce() throws Exception {
        GONG.seed(1600, new DateWindow(DAY, DAY.plus(Duration.ofDays(2))), WITHOUT_MEDIA, 1);
        Customer acme = customer("Acme Concurrent");
        checkouts.billingMethod(acme.organization(), "invoice");
        DateWindow first = new DateWindow(DAY, DAY.plus(Duration.ofDays(1)));
        DateWindow second = new DateWindow(DAY.plus(Duration.ofDays(1)), DAY.plus(Duration.ofDays(2)));

        CyclicBarrier together = new CyclicBarrier(2);
        CompletableFuture<Checkout> a = CompletableFuture.supplyAsync(() -> { await(together); return begin(acme, first, 800); });
        CompletableFuture<Checkout> b = CompletableFuture.supplyAsync(() -> { await(together); return begin(acme, second, 800); });
        List<Checkout> both = List.of(a.get(), b.get());

        assertThat(both.stream().mapToLong(Checkout::freeCalls).sum()).as("free calls taken").isEqualTo(1000);
        assertThat(both.stream().mapToLong(Checkout::billableCalls).sum()).as("billable calls").isEqualTo(600);
        assertThat(checkouts.freeCallsUsed(acme.organization())).isEqualTo(1000);
        Checkout free = both.stream().filter(Checkout::free).findFirst().orElseThrow();
        Checkout billable = both.stream().filter(checkout -> !checkout.free()).findFirst().orElseThrow();
        assertThat(free.state()).as("covered by the allowance: started without a checkout").isEqualTo(CheckoutState.PAID);
        assertThat(billable.state()).as("a billable import waits for its payment").isEqualTo(CheckoutState.AWAITING_PAYMENT);
        assertThat(billable.runId()).isEmpty();
        assertThat(billable.amountMinor()).isEqualTo((800 - billable.freeCalls()) * 10);

        Checkouts.Next next = checkouts.pay(acme.organization(), billable.id(), BACK, BACK);
        assertThat(next).as("an invoice customer confirms without a card").isInstanceOf(Checkouts.Next.ImportStarted.class);
        finished(acme, free.runId().orElseThrow());
        finished(acme, ((Checkouts.Next.ImportStarted) next).runId());
        settled(acme, free.id());
        Checkout paid = settled(acme, billable.id());

        assertThat(free.billableCalls() + paid.billedCalls().orElseThrow()).isEqualTo(600);
        Ledger.Balance balance = ledger.balance(acme.organization());
        assertThat(balance.billed()).as("600 calls at $0.10").isEqualTo(6000);
        assertThat(balance.payments()).isEqualTo(6000);
        assertThat(balance.balanced()).isTrue();
        assertThat(STRIPE.requests()).as("no card involved").isEmpty();
    }

    @Test
    void aBillableImportStartsOnlyAfterPaymentAndIsBilledForTheCallsThatLandedOnly() {
        DateWindow window = new DateWindow(DAY, DAY.plus(Duration.ofDays(1)));
        GONG.seed(1100, window, WITHOUT_MEDIA, 2);
        Customer globex = customer("Globex Card");
        Checkout checkout = begin(globex, window, 1200); // the quote saw 1,200; 100 are gone by the time the import runs
        assertThat(checkout.amountMinor()).as("200 billable calls held at $0.10").isEqualTo(2000);

        Checkouts.Next next = checkouts.pay(globex.organization(), checkout.id(), BACK, BACK);
        assertThat(next).isInstanceOf(Checkouts.Next.ConfirmAt.class);
        assertThat(((Checkouts.Next.ConfirmAt) next).page().toString()).startsWith(STRIPE.baseUrl() + "/pay/");
        assertThat(checkouts.get(globex.organization(), checkout.id()).runId()).as("no import before the payment").isEmpty();
        assertThat(runs.list(globex.organization(), java.util.Optional.empty())).isEmpty();

        String session = sessionOf(checkout);
        assertThat(STRIPE.pay(session, StripeSimulator.GOOD_CARD)).isTrue(); // the webhook starts the import
        Checkout paid = checkouts.get(globex.organization(), checkout.id());
        assertThat(paid.state()).isEqualTo(CheckoutState.PAID);
        ImportRun run = finished(globex, paid.runId().orElseThrow());
        assertThat(run.counts().imported()).isEqualTo(1100);

        Checkout settled = settled(globex, checkout.id());
        assertThat(settled.billedCalls()).hasValue(100);
        assertThat(settled.capturedMinor()).hasValue(1000);
        assertThat(STRIPE.intentOf(session)).containsEntry("status", "succeeded").containsEntry("amount_received", 1000L);
        assertThat(ledger.balance(globex.organization()).balanced()).isTrue();
        assertThat(checkouts.freeCallsUsed(globex.organization())).isEqualTo(1000);
    }

    @Test
    void aDeclinedCardLeavesNoImportAndNoChargeAndSaysWhatToDo() {
        DateWindow window = new DateWindow(DAY, DAY.plus(Duration.ofDays(1)));
        GONG.seed(1500, window, WITHOUT_MEDIA, 3);
        Customer initech = customer("Initech Declined");
        Checkout checkout = begin(initech, window, 1500);
        checkouts.pay(initech.organization(), checkout.id(), BACK, BACK);
        String session = sessionOf(checkout);

        assertThat(STRIPE.pay(session, StripeSimulator.DECLINED_CARD)).isFalse();
        assertThat(checkouts.refresh(initech.organization(), checkout.id()).problem()).hasValue("Your card was declined.");
        Checkout left = checkouts.abandon(initech.organization(), checkout.id());

        assertThat(left.state()).isEqualTo(CheckoutState.CANCELLED);
        assertThat(left.problem()).hasValue("Your card was declined.");
        assertThat(left.runId()).isEmpty();
        assertThat(runs.list(initech.organization(), java.util.Optional.empty())).as("no import").isEmpty();
        assertThat(STRIPE.session(session)).containsEntry("status", "expired");
        assertThat(STRIPE.intentOf(session)).containsEntry("amount_received", 0L);
        assertThat(checkouts.freeCallsUsed(initech.organization())).as("the free calls are given back").isZero();
        assertThat(ledger.entries(initech.organization())).isEmpty();
        assertThatThrownBy(() -> checkouts.pay(initech.organization(), checkout.id(), BACK, BACK))
                .isInstanceOf(Checkouts.CheckoutClosed.class).hasMessage("Your card was declined.");
    }

    @Test
    void aDoubleClickedConfirmMakesOnePayment() throws Exception {
        DateWindow window = new DateWindow(DAY, DAY.plus(Duration.ofDays(1)));
        GONG.seed(1050, window, WITHOUT_MEDIA, 4);
        Customer hooli = customer("Hooli Double");
        String attempt = UUID.randomUUID().toString();
        CyclicBarrier together = new CyclicBarrier(2);
        CompletableFuture<Checkout> first = CompletableFuture.supplyAsync(() -> { await(together);
            return checkouts.begin(hooli.organization(), hooli.connection(), "gong", window, quoteOf(1050), attempt, hooli.owner().id()); });
        CompletableFuture<Checkout> second = CompletableFuture.supplyAsync(() -> { await(together);
            return checkouts.begin(hooli.organization(), hooli.connection(), "gong", window, quoteOf(1050), attempt, hooli.owner().id()); });
        assertThat(first.get().id()).as("one checkout for one confirmation").isEqualTo(second.get().id());
        assertThat(checkouts.freeCallsUsed(hooli.organization())).isEqualTo(1000);

        CyclicBarrier clicks = new CyclicBarrier(2);
        UUID id = first.get().id();
        CompletableFuture<Checkouts.Next> one = CompletableFuture.supplyAsync(() -> { await(clicks);
            return checkouts.pay(hooli.organization(), id, BACK, BACK); });
        CompletableFuture<Checkouts.Next> two = CompletableFuture.supplyAsync(() -> { await(clicks);
            return checkouts.pay(hooli.organization(), id, BACK, BACK); });
        assertThat(one.get()).isEqualTo(two.get());
        assertThat(STRIPE.sessionsCreated()).as("one payment at the provider").isEqualTo(1);
    }

    @Test
    void aReplayedReorderedOrForgedWebhookChangesNothing() {
        DateWindow window = new DateWindow(DAY, DAY.plus(Duration.ofDays(1)));
        GONG.seed(1020, window, WITHOUT_MEDIA, 5);
        Customer umbrella = customer("Umbrella Webhooks");
        Checkout checkout = begin(umbrella, window, 1020);
        checkouts.pay(umbrella.organization(), checkout.id(), BACK, BACK);
        String session = sessionOf(checkout);

        // forged: a completed session, but not signed with our secret; and one signed long ago
        String forged = STRIPE.delivered().isEmpty() ? "{\"id\":\"evt_forged\",\"object\":\"event\",\"type\":\"checkout.session.completed\","
                + "\"data\":{\"object\":{\"id\":\"" + session + "\",\"object\":\"checkout.session\",\"status\":\"complete\"}}}" : "";
        assertThat(STRIPE.post(forged, StripeSimulator.sign(forged, "whsec_someone_else", Instant.now().getEpochSecond()))).isEqualTo(400);
        assertThat(STRIPE.post(forged, StripeSimulator.sign(forged, StripeSimulator.WEBHOOK_SECRET,
                Instant.now().minus(Duration.ofHours(1)).getEpochSecond()))).as("a stale signature").isEqualTo(400);
        assertThat(STRIPE.post(forged, "")).isEqualTo(400);
        assertThat(checkouts.get(umbrella.organization(), checkout.id()).state()).isEqualTo(CheckoutState.AWAITING_PAYMENT);

        // a genuine event claiming completion of a session that is still open: the provider says open, nothing starts
        String premature = "{\"id\":\"evt_premature\",\"object\":\"event\",\"type\":\"checkout.session.completed\","
                + "\"data\":{\"object\":{\"id\":\"" + session + "\",\"object\":\"checkout.session\",\"status\":\"complete\"}}}";
        assertThat(STRIPE.post(premature, StripeSimulator.sign(premature, StripeSimulator.WEBHOOK_SECRET, Instant.now().getEpochSecond())))
                .isEqualTo(200);
        assertThat(checkouts.get(umbrella.organization(), checkout.id()).runId()).isEmpty();

        STRIPE.pay(session, StripeSimulator.GOOD_CARD);
        Checkout paid = checkouts.get(umbrella.organization(), checkout.id());
        finished(umbrella, paid.runId().orElseThrow());
        settled(umbrella, checkout.id());
        List<StripeSimulator.Delivery> deliveries = STRIPE.delivered();
        StripeSimulator.Delivery completed = deliveries.stream().filter(d -> d.type().equals("checkout.session.completed")).findFirst().orElseThrow();

        // replayed with a fresh signature, and delivered again after the capture (out of order): one run, one payment
        assertThat(STRIPE.post(completed.payload(), StripeSimulator.sign(completed.payload(), StripeSimulator.WEBHOOK_SECRET,
                Instant.now().getEpochSecond()))).isEqualTo(200);
        String reordered = completed.payload().replaceFirst("\"id\":\"evt_[^\"]+\"", "\"id\":\"evt_reordered\"");
        assertThat(STRIPE.post(reordered, StripeSimulator.sign(reordered, StripeSimulator.WEBHOOK_SECRET, Instant.now().getEpochSecond())))
                .isEqualTo(200);
        STRIPE.redeliverUndelivered();

        assertThat(runs.list(umbrella.organization(), java.util.Optional.empty())).hasSize(1);
        assertThat(checkouts.get(umbrella.organization(), checkout.id()).state()).isEqualTo(CheckoutState.SETTLED);
        assertThat(ledger.entries(umbrella.organization())).filteredOn(entry -> entry.kind() == Ledger.Kind.PAYMENT).singleElement()
                .satisfies(entry -> assertThat(entry.amountMinor()).isEqualTo(200));
        assertThat(STRIPE.requests()).filteredOn(request -> request.endsWith("/capture")).hasSize(1);
    }

    @Test
    void aCreditPaysBeforeTheCardAndTheLedgerBalancesForEveryOrganization() {
        DateWindow window = new DateWindow(DAY, DAY.plus(Duration.ofDays(1)));
        GONG.seed(1100, window, WITHOUT_MEDIA, 6);
        Customer stark = customer("Stark Credit");
        assertThat(ledger.issueCredit(stark.organization(), 300, "USD", "sorry for the outage", "staff@callimport.example", "k1")).isTrue();
        assertThat(ledger.issueCredit(stark.organization(), 300, "USD", "sorry for the outage", "staff@callimport.example", "k1"))
                .as("the same form twice grants once").isFalse();
        Checkout checkout = begin(stark, window, 1100);
        checkouts.pay(stark.organization(), checkout.id(), BACK, BACK);
        String session = sessionOf(checkout);
        STRIPE.pay(session, StripeSimulator.GOOD_CARD);
        finished(stark, checkouts.get(stark.organization(), checkout.id()).runId().orElseThrow());
        Checkout settled = settled(stark, checkout.id());

        assertThat(settled.billedMinor()).hasValue(1000);
        assertThat(settled.creditAppliedMinor()).hasValue(300);
        assertThat(STRIPE.intentOf(session)).containsEntry("amount_received", 700L);
        Ledger.Balance balance = ledger.balance(stark.organization());
        assertThat(balance.creditLeft()).isZero();
        assertThat(balance.balanced()).isTrue();

        // the check the staff console shows: every organization's payments − refunds + credit applied = billed calls × frozen prices
        assertThat(ledger.balances()).allSatisfy(each -> assertThat(each.balanced()).as(each.organizationName()).isTrue());
        for (Checkout any : jdbc.sql("SELECT * FROM import_checkouts WHERE state = 'SETTLED'").query(Checkouts::checkout).list()) {
            String steps = jdbc.sql("SELECT price_steps FROM import_checkouts WHERE id = ?").param(any.id()).query(String.class).single();
            assertThat(FrozenPrice.decode(steps, any.currency()).amountMinor(any.billedCalls().orElseThrow()))
                    .isEqualTo(any.billedMinor().orElseThrow());
        }
    }

    @Test
    void dialerSyncCallsArePricedPerCallOnAMonthlyStatement() {
        Customer wayne = customer("Wayne Dialer");
        for (String[] pass : new String[][]{{"2026-03-05T10:00:00Z", "120"}, {"2026-03-20T10:00:00Z", "30"}, {"2026-04-02T10:00:00Z", "7"}}) {
            Instant at = Instant.parse(pass[0]);
            ImportRun run = runs.create(wayne.organization(), wayne.connection(), ImportRun.Kind.SYNC,
                    new DateWindow(at.minus(Duration.ofHours(1)), at), List.of(), java.util.OptionalLong.empty());
            // a finished sync pass as the engine leaves it: its new calls counted, its state and end recorded
            jdbc.sql("UPDATE import_runs SET state = 'SUCCEEDED', imported_calls = ?, finished_at = ? WHERE id = ?")
                    .params(Long.parseLong(pass[1]), at.atOffset(java.time.ZoneOffset.UTC), run.id()).update();
        }
        assertThat(dialer.included()).isFalse();
        assertThat(dialer.statement(wayne.organization())).extracting(month -> month.month().toString(), DialerUsage.Month::calls,
                        month -> month.amount().toString())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("2026-04", 7L, "USD 0.14"),
                        org.assertj.core.groups.Tuple.tuple("2026-03", 150L, "USD 3.00"));
        assertThat(dialer.statement(customer("Someone Else").organization())).isEmpty();
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
