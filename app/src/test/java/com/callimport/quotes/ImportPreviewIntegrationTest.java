package com.callimport.quotes;

import static com.callimport.testfixtures.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connectors.fathom.FathomSimulator;
import com.callimport.connectors.gong.GongSimulator;
import com.callimport.connectors.grain.GrainSimulator;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.Await;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** The numbers a customer is shown before an import: what will come over, what it costs, and what will not, and why. */
@EngineIntegrationTest
@TestPropertySource(properties = "callimport.test.database=previews")
class ImportPreviewIntegrationTest {
    private static final GongSimulator GONG = GongSimulator.start();
    private static final FathomSimulator FATHOM = FathomSimulator.start();
    private static final GrainSimulator GRAIN = GrainSimulator.start();
    private static final DateWindow WINDOW = new DateWindow(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-08T00:00:00Z"));
    private static final Map<String, Object> GONG_CREDENTIALS = Map.of("baseUrl", "https://us-12345.api.gong.io",
            "accessKey", GongSimulator.ACCESS_KEY, "accessKeySecret", GongSimulator.ACCESS_KEY_SECRET);

    @DynamicPropertySource
    static void simulators(DynamicPropertyRegistry registry) {
        registry.add("callimport.platforms.gong.base-url", () -> GONG.baseUrl().toString());
        registry.add("callimport.platforms.fathom.base-url", () -> FATHOM.baseUrl().toString());
        registry.add("callimport.platforms.grain.base-url", () -> GRAIN.baseUrl().toString());
        registry.add("callimport.rate-budgets", () -> "false");
        registry.add("callimport.pricing.free-calls", () -> "0");
        registry.add("callimport.pricing.price-per-call", () -> "0.05");
    }

    @AfterAll
    static void stop() {
        GONG.close();
        FATHOM.close();
        GRAIN.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    ApiClient customer;

    @BeforeEach
    void organization() {
        GONG.reset();
        FATHOM.reset();
        GRAIN.reset();
        // billed on invoice: with no free calls every run created here is billable, and previews, not checkout, are under test
        customer = ApiClient.at(port, "test-bootstrap-token").newOrganizationBilledOnInvoice("Acme Previews");
    }

    @Test
    void countsAndPricesOnlyTheCallsThatWillBeImportedAndListsThePrivateOnesWithTheReason() {
        GONG.seed(400, WINDOW, CallMix.TYPICAL, 7);
        long importable = GONG.eligibleCallIds(false).size();
        long privateCalls = 400 - importable;
        String connection = connect("gong", GONG_CREDENTIALS);

        JsonNode preview = preview(connection);

        assertThat(privateCalls).isEqualTo(20);
        assertThat(preview.get("calls").asLong()).isEqualTo(importable).isEqualTo(380);
        assertThat(preview.get("exactCount").asBoolean()).isTrue();
        assertThat(preview.get("quote").get("calls").asLong()).isEqualTo(380);
        assertThat(preview.get("quote").get("billableCalls").asLong()).isEqualTo(380);
        assertThat(preview.get("quote").get("total").toString()).contains("19.00");
        assertThat(preview.get("excluded")).singleElement().satisfies(excluded -> {
            assertThat(excluded.get("calls").asLong()).isEqualTo(20);
            assertThat(excluded.get("summary").asString())
                    .startsWith("20 private calls — excluded by your setting includePrivateCalls=false");
        });
        assertThat(preview.get("quote").get("notBilled").valueStream())
                .anySatisfy(notBilled -> {
                    assertThat(notBilled.get("reason").asString()).contains("private calls");
                    assertThat(notBilled.get("calls").asLong()).isEqualTo(20);
                });
    }

    @Test
    void afterAnImportThePreviewOfTheSameWindowBillsNothingAndStillListsThePrivateCalls() {
        GONG.seed(400, WINDOW, CallMix.TYPICAL, 7);
        String connection = connect("gong", GONG_CREDENTIALS);
        String run = customer.post("/api/import-runs", json("connectionId", connection, "from", WINDOW.from().toString(),
                "to", WINDOW.to().toString())).text("id");
        Await.until(Duration.ofSeconds(60), () -> customer.get("/api/import-runs/" + run).json(),
                state -> state.get("state").asString().equals("SUCCEEDED"), "the import to succeed");

        JsonNode preview = preview(connection);

        assertThat(preview.get("quote").get("billableCalls").asLong()).isZero();
        assertThat(preview.get("quote").get("notBilled").valueStream())
                .anySatisfy(notBilled -> assertThat(notBilled.get("calls").asLong()).isEqualTo(380))
                .anySatisfy(notBilled -> assertThat(notBilled.get("calls").asLong()).isEqualTo(20));
    }

    @Test
    void aPreviewAndARunCreationRideOutASingleTransient503() {
        GONG.seed(50, WINDOW, CallMix.TYPICAL, 3);
        String connection = connect("gong", GONG_CREDENTIALS);

        GONG.failNextRequest(503);
        ApiClient.Reply preview = customer.post("/api/connections/" + connection + "/preview", window());
        GONG.failNextRequest(503);
        ApiClient.Reply created = customer.post("/api/import-runs", json("connectionId", connection, "from", WINDOW.from().toString(),
                "to", WINDOW.to().toString(), "start", false));

        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.json().get("calls").asLong()).isEqualTo(GONG.eligibleCallIds(false).size());
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("expectedCalls").asLong()).isEqualTo(50);
    }

    @Test
    void aVendorThatKeepsFailingIsAnswered503InWordsWithinSeconds() {
        GONG.seed(50, WINDOW, CallMix.TYPICAL, 3);
        String connection = connect("gong", GONG_CREDENTIALS);
        GONG.failEvery(1, 503);

        ApiClient.Reply preview = customer.post("/api/connections/" + connection + "/preview", window());

        GONG.failEvery(0, 503);
        assertThat(preview.status()).isEqualTo(503);
        assertThat(preview.json().get("detail").asString()).contains("not answering").doesNotContain("Exception");
    }

    @Test
    void countsFathomMeetingsExactlyBeyondTwentyFivePages() {
        FATHOM.seed(390, WINDOW, CallMix.TYPICAL, 5);
        String connection = connect("fathom", Map.of("apiKey", FathomSimulator.API_KEY));

        JsonNode preview = preview(connection);

        assertThat(preview.get("calls").asLong()).isEqualTo(390);
        assertThat(preview.get("exactCount").asBoolean()).isTrue();
        assertThat(preview.get("quote").get("atLeast").asBoolean()).isFalse();
    }

    @Test
    void aRunReusingACountThatSawNoPerCallRequestsKeepsThemUnknownRatherThanZero() {
        FATHOM.seed(30, WINDOW, CallMix.TYPICAL, 5);
        String connection = connect("fathom", Map.of("apiKey", FathomSimulator.API_KEY));
        preview(connection);

        ApiClient.Reply created = customer.post("/api/import-runs", json("connectionId", connection,
                "from", WINDOW.from().toString(), "to", WINDOW.to().toString(), "start", false));
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        // zero would tell the estimator that the meetings' downloads cost nothing, and calibrate later runs ×9
        var run = jdbc.sql("SELECT expected_calls, expected_call_requests FROM import_runs WHERE id = ?")
                .param(UUID.fromString(created.text("id"))).query().singleRow();
        assertThat(run.get("expected_calls")).isEqualTo(30L);
        assertThat(run.get("expected_call_requests")).isNull();
    }

    @Test
    void countsAGrainWorkspaceExactlyBeyondTwentyFivePages() {
        GRAIN.seed(1_000, WINDOW, CallMix.TYPICAL, 5);
        GRAIN.usePageSize(20);
        String connection = connect("grain", Map.of("accessToken", GrainSimulator.ACCESS_TOKEN));

        JsonNode preview = preview(connection);

        assertThat(preview.get("calls").asLong()).isEqualTo(1_000);
        assertThat(preview.get("exactCount").asBoolean()).isTrue();
        assertThat(preview.get("limits").toString()).contains("A workspace access token sees every recording");
    }

    private String connect(String platform, Map<String, Object> credentials) {
        ApiClient.Reply connection = customer.post("/api/connections", json("platform", platform, "credentials", credentials));
        assertThat(connection.status()).as(connection.body()).isEqualTo(201);
        return connection.text("id");
    }

    private JsonNode preview(String connection) {
        ApiClient.Reply reply = customer.post("/api/connections/" + connection + "/preview", window());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static String window() {
        return json("from", WINDOW.from().toString(), "to", WINDOW.to().toString());
    }
}
