package com.callimport.imports;

import static com.callimport.testfixtures.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connector.testkit.ManualClock;
import com.callimport.connectors.ringcentral.RingCentralSimulator;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.Await;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A signed-in dialer's import when its access token runs out or is revoked mid-page, when the customer pauses
 * during slow downloads, and how little the vendor is asked when a run is created. The service and the
 * simulator share one manual clock: an hour of downloads passes without waiting for it.
 */
@EngineIntegrationTest
@TestPropertySource(properties = {"callimport.test.database=imports_pressure", "callimport.parallel-downloads=2"})
class ImportRunsUnderPressureIntegrationTest {
    private static final ManualClock CLOCK = new ManualClock(Instant.now());
    private static final RingCentralSimulator RINGCENTRAL = RingCentralSimulator.start(CLOCK);
    private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final DateWindow WINDOW = new DateWindow(CLOCK.instant().minus(Duration.ofDays(2)), CLOCK.instant().minus(Duration.ofHours(1)));
    private static final String CALL_LOG = "/restapi/v1.0/account/~/call-log";

    @TestConfiguration
    static class SharedClock {
        @Bean
        @Primary
        Clock manualClock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void ringCentral(DynamicPropertyRegistry registry) {
        registry.add("callimport.oauth.public-url", () -> "http://callimport.example");
        registry.add("callimport.oauth.clients.ringcentral.client-id", () -> RingCentralSimulator.CLIENT_ID);
        registry.add("callimport.oauth.clients.ringcentral.client-secret", () -> RingCentralSimulator.CLIENT_SECRET);
        registry.add("callimport.oauth.clients.ringcentral.authorization-uri", () -> RINGCENTRAL.authorizationUri().toString());
        registry.add("callimport.oauth.clients.ringcentral.token-uri", () -> RINGCENTRAL.tokenUri().toString());
        registry.add("callimport.platforms.ringcentral.base-url", () -> RINGCENTRAL.baseUrl().toString());
        registry.add("callimport.rate-budgets", () -> "false");
    }

    @AfterAll
    static void stop() {
        RINGCENTRAL.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    ApiClient customer;

    @BeforeEach
    void setUp() {
        RINGCENTRAL.reset();
        customer = ApiClient.at(port, "test-bootstrap-token").newOrganization("Pressure Co");
    }

    @Test
    void aTokenThatExpiresWithinOnePagesDownloadsIsRenewedAndEveryCallIsImported() throws Exception {
        int seeded = RINGCENTRAL.seed(30, WINDOW, CallMix.TYPICAL, 11).size();
        String connection = connectBySigningIn();
        // at RingCentral's Heavy pace a page's downloads take hours: each recording moves both clocks on 6 minutes
        RINGCENTRAL.afterEachRecording(served -> CLOCK.advance(Duration.ofMinutes(6)));
        long issuedBefore = RINGCENTRAL.tokensIssued();

        JsonNode run = awaitEnd(startImport(connection));

        assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("counts").get("failed").asLong()).as(run.toString()).isZero();
        assertThat(run.get("counts").get("imported").asLong()).isEqualTo(seeded);
        assertThat(RINGCENTRAL.tokensIssued() - issuedBefore).as("the token renewed as it came due").isGreaterThanOrEqualTo(2);
        assertThat(RINGCENTRAL.invalidGrantResponses()).isZero();
    }

    @Test
    void aGrantRevokedInTheMiddleOfAPagePausesTheRunForReconnectionAndResumingImportsEachCallOnce() throws Exception {
        int seeded = RINGCENTRAL.seed(30, WINDOW, CallMix.TYPICAL, 12).size();
        String connection = connectBySigningIn();
        RINGCENTRAL.afterEachRecording(served -> {
            if (served == 5) {
                RINGCENTRAL.revokeGrants();
            }
        });

        String runId = startImport(connection);
        JsonNode paused = awaitEnd(runId);

        assertThat(paused.get("state").asString()).as(paused.toString()).isEqualTo("PAUSED");
        assertThat(paused.get("stateReason").asString()).contains("/api/connections/" + connection + "/oauth")
                .doesNotContain("Exception");
        assertThat(paused.get("counts").get("listed").asLong()).as("the page in flight was dropped whole").isZero();
        assertThat(customer.get("/api/import-runs/" + runId + "/exclusions").json()).as("no call marked failed").isEmpty();
        assertThat(customer.get("/api/connections/" + connection).json().get("status").asString()).isEqualTo("NEEDS_ATTENTION");

        RINGCENTRAL.afterEachRecording(served -> { });
        JsonNode link = customer.post("/api/connections/" + connection + "/oauth").json();
        assertThat(signIn(link.get("authorizationUrl").asString()).statusCode()).isEqualTo(200);
        assertThat(customer.post("/api/import-runs/" + runId + "/resume").status()).isEqualTo(200);
        JsonNode resumed = awaitEnd(runId);

        assertThat(resumed.get("state").asString()).as(resumed.toString()).isEqualTo("SUCCEEDED");
        assertThat(resumed.get("counts").get("listed").asLong()).isEqualTo(seeded);
        assertThat(resumed.get("counts").get("imported").asLong()).isEqualTo(seeded);
        assertThat(resumed.get("counts").get("failed").asLong()).isZero();
        JsonNode stored = customer.get("/api/calls?connectionId=" + connection + "&limit=500").json();
        assertThat(stored.size()).isEqualTo(seeded);
        assertThat(stored.valueStream().map(call -> call.get("vendorCallId").asString()).distinct().count()).isEqualTo(seeded);
    }

    @Test
    void aPauseStopsVendorTrafficWithinASecondAndResumingImportsEachCallOnce() throws Exception {
        int seeded = RINGCENTRAL.seed(60, WINDOW, CallMix.TYPICAL, 13).size();
        String connection = connectBySigningIn();
        RINGCENTRAL.delayResponses(Duration.ofMillis(100));
        AtomicReference<String> run = new AtomicReference<>();
        AtomicReference<Instant> acknowledged = new AtomicReference<>();
        RINGCENTRAL.afterEachRecording(served -> {
            if (served == 4) {
                ApiClient.Reply pause = customer.post("/api/import-runs/" + run.get() + "/pause");
                assertThat(pause.status()).as(pause.body()).isEqualTo(200);
                acknowledged.set(Instant.now());
            }
        });

        run.set(customer.post("/api/import-runs", json("connectionId", connection, "from", WINDOW.from().toString(),
                "to", WINDOW.to().toString(), "start", false)).text("id"));
        customer.post("/api/import-runs/" + run.get() + "/start");
        Await.until(Duration.ofSeconds(30), acknowledged::get, at -> at != null, "the pause during the page's downloads");
        Await.until(Duration.ofSeconds(30), this::jobsInProgress, count -> count == 0, "the slice's worker to stop");

        assertThat(RINGCENTRAL.requestsArrivedAfter(acknowledged.get().plusSeconds(1)))
                .as("vendor requests later than a second after the pause was acknowledged").isZero();
        JsonNode paused = customer.get("/api/import-runs/" + run.get()).json();
        assertThat(paused.get("state").asString()).isEqualTo("PAUSED");
        long listedWhilePaused = paused.get("counts").get("listed").asLong();
        assertThat(listedWhilePaused).as("a page is kept or dropped whole").isIn(0L, (long) seeded);

        RINGCENTRAL.afterEachRecording(served -> { });
        RINGCENTRAL.delayResponses(Duration.ZERO);
        customer.post("/api/import-runs/" + run.get() + "/resume");
        JsonNode resumed = awaitEnd(run.get());

        assertThat(resumed.get("state").asString()).as(resumed.toString()).isEqualTo("SUCCEEDED");
        assertThat(resumed.get("counts").get("listed").asLong()).isEqualTo(seeded);
        assertThat(resumed.get("counts").get("imported").asLong()).isEqualTo(seeded);
        JsonNode stored = customer.get("/api/calls?connectionId=" + connection + "&limit=500").json();
        assertThat(stored.valueStream().map(call -> call.get("vendorCallId").asString()).distinct().count()).isEqualTo(seeded);
    }

    @Test
    void aCancelStopsVendorTrafficWithinASecondAndImportsNothingOfThePageInFlight() throws Exception {
        RINGCENTRAL.seed(60, WINDOW, CallMix.TYPICAL, 16);
        String connection = connectBySigningIn();
        RINGCENTRAL.delayResponses(Duration.ofMillis(100));
        AtomicReference<String> run = new AtomicReference<>();
        AtomicReference<Instant> acknowledged = new AtomicReference<>();
        RINGCENTRAL.afterEachRecording(served -> {
            if (served == 4) {
                assertThat(customer.post("/api/import-runs/" + run.get() + "/cancel").status()).isEqualTo(200);
                acknowledged.set(Instant.now());
            }
        });

        run.set(customer.post("/api/import-runs", json("connectionId", connection, "from", WINDOW.from().toString(),
                "to", WINDOW.to().toString(), "start", false)).text("id"));
        customer.post("/api/import-runs/" + run.get() + "/start");
        Await.until(Duration.ofSeconds(30), acknowledged::get, at -> at != null, "the cancel during the page's downloads");
        Await.until(Duration.ofSeconds(30), this::jobsInProgress, count -> count == 0, "the slice's worker to stop");

        assertThat(RINGCENTRAL.requestsArrivedAfter(acknowledged.get().plusSeconds(1)))
                .as("vendor requests later than a second after the cancel was acknowledged").isZero();
        JsonNode cancelled = customer.get("/api/import-runs/" + run.get()).json();
        assertThat(cancelled.get("state").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("counts").get("listed").asLong()).as("the page in flight was dropped whole").isZero();
        assertThat(customer.get("/api/calls?connectionId=" + connection + "&limit=500").json()).isEmpty();
    }

    @Test
    void aRunCreatedWithoutAPreviewIsCountedOnceToPriceItAndTheRunDoesNotCountAgain() throws Exception {
        int seeded = RINGCENTRAL.seed(40, WINDOW, CallMix.TYPICAL, 14).size();
        String connection = connectBySigningIn();
        long listingsBefore = RINGCENTRAL.requestsTo(CALL_LOG);

        ApiClient.Reply created = customer.post("/api/import-runs", json("connectionId", connection,
                "from", WINDOW.from().toString(), "to", WINDOW.to().toString(), "start", false));

        assertThat(created.status()).as(created.body()).isBetween(201, 202);
        assertThat(created.json().get("state").asString()).isEqualTo("QUEUED");
        assertThat(created.json().get("expectedCalls").asLong()).as("the count that priced it, at once").isEqualTo(seeded);
        long listingsAfterCreating = RINGCENTRAL.requestsTo(CALL_LOG);
        assertThat(listingsAfterCreating - listingsBefore).as("call-log requests to count the window").isPositive();

        customer.post("/api/import-runs/" + created.text("id") + "/start");
        JsonNode run = awaitEnd(created.text("id"));
        assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("expectedCalls").asLong()).isEqualTo(seeded);
        assertThat(run.get("counts").get("listed").asLong()).isEqualTo(seeded);
        assertThat(run.get("counts").get("imported").asLong()).isEqualTo(seeded);
        assertThat(RINGCENTRAL.requestsTo(CALL_LOG) - listingsAfterCreating).as("one page, no second count").isEqualTo(1);
    }

    @Test
    void aRunCreatedRightAfterAPreviewReusesItsCountInsteadOfCountingAgain() throws Exception {
        int seeded = RINGCENTRAL.seed(40, WINDOW, CallMix.TYPICAL, 15).size();
        String connection = connectBySigningIn();
        JsonNode preview = customer.post("/api/connections/" + connection + "/preview",
                json("from", WINDOW.from().toString(), "to", WINDOW.to().toString())).json();
        assertThat(preview.get("calls").asLong()).isEqualTo(seeded);
        long listingsAfterPreview = RINGCENTRAL.requestsTo(CALL_LOG);

        ApiClient.Reply created = customer.post("/api/import-runs", json("connectionId", connection,
                "from", WINDOW.from().toString(), "to", WINDOW.to().toString()));

        assertThat(created.json().get("expectedCalls").asLong()).as("the preview's count, at once").isEqualTo(seeded);
        JsonNode run = awaitEnd(created.text("id"));
        assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("counts").get("listed").asLong()).isEqualTo(seeded);
        assertThat(RINGCENTRAL.requestsTo(CALL_LOG) - listingsAfterPreview).as("one page, no second count").isEqualTo(1);
    }

    private long jobsInProgress() {
        return jdbc.sql("SELECT count(*) FROM jobrunr_jobs WHERE state IN ('ENQUEUED', 'PROCESSING')").query(Long.class).single();
    }

    private String startImport(String connection) {
        ApiClient.Reply created = customer.post("/api/import-runs", json("connectionId", connection,
                "from", WINDOW.from().toString(), "to", WINDOW.to().toString()));
        assertThat(created.status()).as(created.body()).isBetween(201, 202);
        return created.text("id");
    }

    private JsonNode awaitEnd(String runId) {
        return Await.until(Duration.ofSeconds(60), () -> customer.get("/api/import-runs/" + runId).json(),
                run -> !run.get("state").asString().matches("QUEUED|RUNNING"), "the import to stop or end");
    }

    /** Plays the customer's browser: opens the sign-in link, follows the vendor's redirect to our callback. */
    private HttpResponse<String> signIn(String authorizationUrl) throws IOException, InterruptedException {
        HttpResponse<String> vendor = BROWSER.send(HttpRequest.newBuilder(URI.create(authorizationUrl)).build(),
                HttpResponse.BodyHandlers.ofString());
        URI redirect = URI.create(vendor.headers().firstValue("Location").orElseThrow());
        URI callback = URI.create("http://127.0.0.1:" + port + redirect.getRawPath() + "?" + redirect.getRawQuery());
        return BROWSER.send(HttpRequest.newBuilder(callback).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String connectBySigningIn() throws IOException, InterruptedException {
        JsonNode link = customer.post("/api/connections/oauth", json("platform", "ringcentral", "name", "Our RingCentral")).json();
        HttpResponse<String> page = signIn(link.get("authorizationUrl").asString());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return customer.get("/api/connections").json().get(0).get("id").asString();
    }
}
