package com.callimport.billing;

import static com.callimport.testfixtures.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connectors.gong.GongCredentialsFixture;
import com.callimport.connectors.gong.GongSimulator;
import com.callimport.organizations.OrganizationId;
import com.callimport.payments.stripe.StripeSimulator;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.Await;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * An import started through {@code POST /api/import-runs} follows the wizard's checkout: free calls start at once, an
 * organization billed on invoice starts and is billed on its invoice, and a card-paying organization's billable import
 * is answered 402 with its checkout, starting only once paid and charged for the calls that landed.
 */
@EngineIntegrationTest
@TestPropertySource(properties = {"callimport.test.database=checkout_api", "callimport.pricing.free-calls=1000",
        "callimport.pricing.price-per-call=0.10", "callimport.billing.reconcile-interval=1h"})
class ImportRunsApiCheckoutIntegrationTest {
    private static final GongSimulator GONG = GongSimulator.start();
    private static final StripeSimulator STRIPE = StripeSimulator.start();
    private static final DateWindow WINDOW = new DateWindow(Instant.parse("2026-03-02T00:00:00Z"), Instant.parse("2026-03-03T00:00:00Z"));
    // no private calls (every listed call is imported and priced) and no media to download
    private static final CallMix PLAIN_CALLS = new CallMix(0, 1, 1);
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

    @BeforeEach
    void reset() {
        GONG.reset();
        STRIPE.reset();
        STRIPE.sendEventsTo(URI.create("http://127.0.0.1:" + port + "/webhooks/payments/card"));
    }

    record Customer(OrganizationId organization, ApiClient api, String connection) {
    }

    private Customer customer(String name, String billingMethod) {
        ApiClient operator = ApiClient.at(port, "test-bootstrap-token");
        JsonNode created = operator.post("/api/admin/organizations", json("name", name)).json();
        String id = created.get("organizationId").asString();
        ApiClient.Reply billing = operator.put("/api/admin/organizations/" + id + "/billing-method", json("billingMethod", billingMethod));
        assertThat(billing.status()).as(billing.body()).isEqualTo(200);
        ApiClient api = operator.withToken(created.get("apiToken").asString());
        String connection = api.post("/api/connections", json("platform", "gong", "credentials", GongCredentialsFixture.acceptedValues()))
                .text("id");
        return new Customer(new OrganizationId(UUID.fromString(id)), api, connection);
    }

    private static String importRequest(Customer customer) {
        return json("connectionId", customer.connection(), "from", WINDOW.from().toString(), "to", WINDOW.to().toString());
    }

    private JsonNode succeeded(Customer customer, String runId) {
        return Await.until(Duration.ofSeconds(60), () -> customer.api().get("/api/import-runs/" + runId).json(),
                run -> run.get("state").asString().equals("SUCCEEDED"), "the import to succeed");
    }

    private Checkout settled(Customer customer, UUID checkoutId) {
        return Await.until(Duration.ofSeconds(30), () -> checkouts.get(customer.organization(), checkoutId),
                checkout -> checkout.state() == CheckoutState.SETTLED, "the checkout to be settled");
    }

    @Test
    void anImportTheFreeAllowanceCoversStartsAtOnceAndCostsNothing() {
        GONG.seed(300, WINDOW, PLAIN_CALLS, 1);
        Customer acme = customer("Acme Free", "card");

        ApiClient.Reply created = acme.api().post("/api/import-runs", importRequest(acme));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String runId = created.text("id");
        assertThat(succeeded(acme, runId).get("counts").get("imported").asLong()).isEqualTo(300);
        Checkout checkout = checkouts.ofRun(acme.organization(), UUID.fromString(runId)).orElseThrow();
        assertThat(checkout.free()).isTrue();
        assertThat(checkouts.freeCallsUsed(acme.organization())).isEqualTo(300);
        assertThat(ledger.entries(acme.organization())).as("nothing billed").allMatch(entry -> entry.amountMinor() == 0);
        assertThat(STRIPE.requests()).as("no card involved").isEmpty();
    }

    @Test
    void anOrganizationBilledOnInvoiceStartsABillableImportAtOnceAndIsBilledOnItsInvoice() {
        GONG.seed(1_200, WINDOW, PLAIN_CALLS, 2);
        Customer globex = customer("Globex Invoice", "invoice");

        ApiClient.Reply created = globex.api().post("/api/import-runs", importRequest(globex));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String runId = created.text("id");
        succeeded(globex, runId);
        Checkout checkout = settled(globex, checkouts.ofRun(globex.organization(), UUID.fromString(runId)).orElseThrow().id());
        assertThat(checkout.method()).isEqualTo("invoice");
        assertThat(checkout.billedCalls()).hasValue(200);
        assertThat(checkout.capturedMinor()).as("200 calls beyond the free 1,000 at $0.10").hasValue(2000);
        assertThat(ledger.entries(globex.organization())).filteredOn(entry -> entry.kind() == Ledger.Kind.PAYMENT)
                .singleElement().satisfies(payment -> {
                    assertThat(payment.amountMinor()).isEqualTo(2000);
                    assertThat(payment.description()).isEqualTo("billed on your invoice");
                });
        assertThat(ledger.balance(globex.organization()).balanced()).isTrue();
        assertThat(STRIPE.requests()).as("no card involved").isEmpty();
    }

    @Test
    void aCardPayingOrganizationsBillableImportIsAnswered402WithItsCheckoutAndStartsOncePaid() {
        GONG.seed(1_100, WINDOW, PLAIN_CALLS, 3);
        Customer initech = customer("Initech Card", "card");

        ApiClient.Reply refused = initech.api().post("/api/import-runs", importRequest(initech), "crm-sync-2026-03-02");
        ApiClient.Reply retried = initech.api().post("/api/import-runs", importRequest(initech), "crm-sync-2026-03-02");

        assertThat(refused.status()).as(refused.body()).isEqualTo(402);
        JsonNode problem = refused.json();
        String checkoutId = problem.get("checkoutId").asString();
        assertThat(problem.get("checkoutUrl").asString()).isEqualTo("http://127.0.0.1:" + port + "/checkout/" + checkoutId);
        assertThat(problem.get("detail").asString())
                .contains("100 of its 1,100 calls are beyond your free allowance", "$10.00", "/checkout/" + checkoutId,
                        "the import starts once the payment is confirmed", "Nothing was started or charged");
        assertThat(problem.get("amountMinor").asLong()).isEqualTo(1000);
        assertThat(retried.status()).isEqualTo(402);
        assertThat(retried.json().get("checkoutId").asString()).as("the same request, the same checkout").isEqualTo(checkoutId);
        assertThat(initech.api().get("/api/import-runs").json().size()).as("no import").isZero();
        assertThat(STRIPE.requests()).as("nothing charged").isEmpty();

        // 50 calls are deleted at the vendor before the payment: they will not land, and are not charged
        GONG.reset();
        GONG.seed(1_050, WINDOW, PLAIN_CALLS, 3);
        // a manager pays at the checkout page, as the page does it
        checkouts.pay(initech.organization(), UUID.fromString(checkoutId), BACK, BACK);
        String session = checkouts.get(initech.organization(), UUID.fromString(checkoutId)).paymentReference().orElseThrow();
        assertThat(STRIPE.pay(session, StripeSimulator.GOOD_CARD)).isTrue();

        Checkout paid = checkouts.get(initech.organization(), UUID.fromString(checkoutId));
        String runId = paid.runId().orElseThrow().toString();
        assertThat(initech.api().get("/api/import-runs").json().valueStream().map(run -> run.get("id").asString())).containsExactly(runId);
        assertThat(succeeded(initech, runId).get("counts").get("imported").asLong()).isEqualTo(1_050);
        Checkout settled = settled(initech, paid.id());
        assertThat(settled.billedCalls()).hasValue(50);
        assertThat(settled.capturedMinor()).as("the $10.00 hold captured for 50 calls").hasValue(500);
        assertThat(STRIPE.intentOf(session)).containsEntry("status", "succeeded").containsEntry("amount_received", 500L);
        assertThat(ledger.balance(initech.organization()).balanced()).isTrue();
    }

    @Test
    void anImportConfirmedRightAfterItsPreviewIsPricedByThatPreviewWithoutAskingTheVendorAgain() {
        // a tenth of the calls are private: the connection leaves them out, so neither the preview nor the bill counts them
        GONG.seed(1_300, WINDOW, new CallMix(0.1, 1, 1), 4);
        Customer hooli = customer("Hooli Previewed", "invoice");
        JsonNode preview = hooli.api().post("/api/connections/" + hooli.connection() + "/preview",
                json("from", WINDOW.from().toString(), "to", WINDOW.to().toString())).json();
        long toImport = preview.get("calls").asLong();
        assertThat(toImport).as("private calls left out").isLessThan(1_300).isGreaterThan(1_000);
        long requestsAfterPreview = GONG.apiRequestsReceived();

        ApiClient.Reply created = hooli.api().post("/api/import-runs", json("connectionId", hooli.connection(),
                "from", WINDOW.from().toString(), "to", WINDOW.to().toString(), "start", false));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(GONG.apiRequestsReceived()).as("vendor requests while confirming").isEqualTo(requestsAfterPreview);
        Checkout checkout = checkouts.ofRun(hooli.organization(), UUID.fromString(created.text("id"))).orElseThrow();
        assertThat(checkout.quotedCalls()).as("the preview's calls, private ones left out").isEqualTo(toImport);
        assertThat(checkout.billableCalls()).isEqualTo(toImport - 1_000);
        assertThat(checkout.amountMinor()).as("$0.10 a billable call").isEqualTo((toImport - 1_000) * 10);
    }

    @Test
    void theApiDocumentSaysABillableImportMayBeAnswered402() {
        JsonNode created = ApiClient.at(port, null).get("/v3/api-docs").json().get("paths").get("/api/import-runs").get("post");

        assertThat(created.get("responses").get("402").get("description").asString()).contains("checkoutUrl", "nothing was started");
    }
}
