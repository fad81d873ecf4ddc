package com.callimport.oauth;

import static com.callimport.testfixtures.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connector.testkit.SeededCall;
import com.callimport.connectors.zoomphone.ZoomPhoneSimulator;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.Await;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Zoom Phone through our Marketplace app: signing in, a backfill under Zoom's listing rules, and Zoom's signed webhooks. */
@EngineIntegrationTest
@TestPropertySource(properties = "callimport.test.database=zoomphone")
class ZoomPhoneIntegrationTest {
    private static final ZoomPhoneSimulator ZOOM = ZoomPhoneSimulator.start();
    private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final String SECRET = ZoomPhoneSimulator.WEBHOOK_SECRET_TOKEN;

    @DynamicPropertySource
    static void zoom(DynamicPropertyRegistry registry) {
        registry.add("callimport.oauth.public-url", () -> "http://callimport.example");
        registry.add("callimport.oauth.clients.zoom-phone.client-id", () -> ZoomPhoneSimulator.CLIENT_ID);
        registry.add("callimport.oauth.clients.zoom-phone.client-secret", () -> ZoomPhoneSimulator.CLIENT_SECRET);
        registry.add("callimport.oauth.clients.zoom-phone.authorization-uri", () -> ZOOM.authorizationUri().toString());
        registry.add("callimport.oauth.clients.zoom-phone.token-uri", () -> ZOOM.tokenUri().toString());
        registry.add("callimport.platforms.zoom-phone.base-url", () -> ZOOM.baseUrl().toString());
        registry.add("callimport.webhooks.public-url", () -> "http://callimport.example");
        registry.add("callimport.webhooks.app-secrets.zoom-phone", () -> SECRET);
        registry.add("callimport.webhooks.fetch-retry-delays", () -> "500ms,1s");
        // the subject is sign-in, listing rules and webhooks; Zoom's pacing is the benchmark's
        registry.add("callimport.rate-budgets", () -> "false");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    ApiClient customer;

    @BeforeEach
    void setUp() {
        ZOOM.reset();
        customer = ApiClient.at(port, "test-bootstrap-token").newOrganization("Zoom Dialer Co");
    }

    private String connectBySigningIn() throws IOException, InterruptedException {
        JsonNode link = customer.post("/api/connections/oauth", json("platform", "zoom-phone", "name", "Our Zoom Phone")).json();
        assertThat(link.get("authorizationUrl").asString()).contains("code_challenge=").contains("state=");
        HttpResponse<String> vendor = BROWSER.send(HttpRequest.newBuilder(URI.create(link.get("authorizationUrl").asString())).build(),
                HttpResponse.BodyHandlers.ofString());
        URI redirect = URI.create(vendor.headers().firstValue("Location").orElseThrow());
        URI callback = URI.create("http://127.0.0.1:" + port + redirect.getRawPath() + "?" + redirect.getRawQuery());
        HttpResponse<String> page = BROWSER.send(HttpRequest.newBuilder(callback).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return customer.get("/api/connections").json().get(0).get("id").asString();
    }

    private JsonNode importWindow(String connection, DateWindow window) {
        String runId = customer.post("/api/import-runs", json("connectionId", connection,
                "from", window.from().toString(), "to", window.to().toString())).text("id");
        return Await.until(Duration.ofSeconds(90), () -> customer.get("/api/import-runs/" + runId).json(),
                run -> !run.get("state").asString().matches("QUEUED|RUNNING"), "the import to end");
    }

    private HttpResponse<String> deliver(String body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/apps/zoom-phone"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("user-agent")) {
                request.header(name, value);
            }
        });
        return BROWSER.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aThreeMonthBackfillIsListedMonthByMonthThroughRotatedRefreshTokensAndAnExpiredPageToken() throws Exception {
        Instant now = Instant.now();
        DateWindow threeMonths = new DateWindow(now.minus(Duration.ofDays(90)), now.minus(Duration.ofHours(1)));
        ZOOM.seed(120, threeMonths, CallMix.TYPICAL, 14);
        ZOOM.usePageSize(10);
        ZOOM.useRecordingSize(2048);
        // tokens are refreshed 5 minutes before expiry: one of 5 min 1 s comes due a second after it was issued, every time
        ZOOM.useTokenLifetime(Duration.ofMinutes(5).plusSeconds(1));
        String connection = connectBySigningIn();
        // priced (counted) while page tokens still live: the listing of the import is what must survive their death
        String runId = customer.post("/api/import-runs", json("connectionId", connection, "from", threeMonths.from().toString(),
                "to", threeMonths.to().toString(), "start", false)).text("id");
        ZOOM.expirePageTokensAfter(4);

        customer.post("/api/import-runs/" + runId + "/start");
        JsonNode run = Await.until(Duration.ofSeconds(90), () -> customer.get("/api/import-runs/" + runId).json(),
                seen -> !seen.get("state").asString().matches("QUEUED|RUNNING"), "the import to end");

        assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("counts").get("imported").asLong()).as(run.toString()).isEqualTo(120);
        assertThat(run.get("counts").get("listed").asLong()).as("nothing listed twice").isEqualTo(120);
        assertThat(ZOOM.refreshTokensRotated()).as("refreshed mid-import").isPositive();
        assertThat(ZOOM.invalidGrantResponses()).as("no refresh used a spent refresh token").isZero();
        assertThat(ZOOM.expiredPageTokensRefused()).as("a page token died mid-listing").isPositive();
        assertThat(ZOOM.historyRanges()).allSatisfy(range -> {
            String[] days = range.split("\\.\\.");
            assertThat(LocalDate.parse(days[0]).plusMonths(1)).isAfterOrEqualTo(LocalDate.parse(days[1]));
        });
        assertThat(ZOOM.historyRanges().stream().distinct().count()).as("monthly windows").isGreaterThanOrEqualTo(3);
        assertThat(customer.get("/api/connections/" + connection).body()).doesNotContain("sim-zoom-");
    }

    @Test
    void zoomsUrlValidationIsAnsweredWithThePlainTokenAndItsSignature() throws Exception {
        String body = ZOOM.urlValidation("qgg8vlvZRS6UYooatFL8Aw");

        HttpResponse<String> answer = deliver(body, ZoomPhoneSimulator.signatureHeaders(SECRET, Instant.now(), body));

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode challenge = tools.jackson.databind.json.JsonMapper.builder().build().readTree(answer.body());
        assertThat(challenge.get("plainToken").asString()).isEqualTo("qgg8vlvZRS6UYooatFL8Aw");
        assertThat(challenge.get("encryptedToken").asString()).isEqualTo(ZoomPhoneSimulator.hmac(SECRET, "qgg8vlvZRS6UYooatFL8Aw"));
        assertThat(deliver(body, Map.of()).statusCode()).as("an unsigned challenge is not answered").isEqualTo(401);
    }

    @Test
    void aForgedStaleOrReplayedZoomEventStoresNothingAndAGenuineOneStoresTheCallOnce() throws Exception {
        String connection = connectBySigningIn();
        ApiClient.Reply sync = customer.put("/api/connections/" + connection + "/sync", json("frequency", "NEAR_REAL_TIME"));
        assertThat(sync.status()).as(sync.body()).isEqualTo(200);
        SeededCall call = ZOOM.placeCall(Duration.ofMinutes(3), true);
        String event = ZOOM.recordingCompleted(call.vendorCallId());

        HttpResponse<String> forged = deliver(event, ZoomPhoneSimulator.signatureHeaders("not-our-secret", Instant.now(), event));
        HttpResponse<String> stale = deliver(event, ZoomPhoneSimulator.signatureHeaders(SECRET, Instant.now().minus(Duration.ofHours(2)), event));
        String altered = event.replace(call.vendorCallId(), "7000000000000000001");
        Map<String, String> signedOriginal = ZoomPhoneSimulator.signatureHeaders(SECRET, Instant.now(), event);
        HttpResponse<String> tampered = deliver(altered, signedOriginal);

        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(stale.statusCode()).isEqualTo(401);
        assertThat(tampered.statusCode()).isEqualTo(401);
        assertThat(deliveries()).isZero();

        HttpResponse<String> genuine = deliver(event, signedOriginal);
        // Zoom retries a delivery with the same body and, later, a fresh timestamp
        HttpResponse<String> retried = deliver(event, ZoomPhoneSimulator.signatureHeaders(SECRET, Instant.now().plusSeconds(1), event));
        HttpResponse<String> replayed = deliver(event, signedOriginal);

        assertThat(genuine.statusCode()).isEqualTo(200);
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(replayed.statusCode()).isEqualTo(200);
        assertThat(deliveries()).as("one delivery kept").isEqualTo(1);
        JsonNode stored = Await.until(Duration.ofSeconds(20), () -> customer.get("/api/calls?connectionId=" + connection).json(),
                calls -> calls.size() > 0, "the notified call to be stored");
        assertThat(stored.valueStream().map(one -> one.get("vendorCallId").asString())).containsExactly(call.vendorCallId());
    }

    private long deliveries() {
        return jdbc.sql("SELECT count(*) FROM webhook_deliveries").query(Long.class).single();
    }
}
