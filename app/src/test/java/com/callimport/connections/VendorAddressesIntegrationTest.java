package com.callimport.connections;

import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connectors.gong.GongSimulator;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.Await;
import com.callimport.testfixtures.EngineIntegrationTest;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static com.callimport.testfixtures.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The service talks only to the vendors' own hosts, never to an address a customer types. */
@EngineIntegrationTest
// its own database: its jobs need the overrides only this context has
@org.springframework.test.context.TestPropertySource(properties = "callimport.test.database=vendorhosts")
class VendorAddressesIntegrationTest {
    private static final DateWindow WINDOW = new DateWindow(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-02T00:00:00Z"));
    private static final String STRANGER_PAGE = "<html><title>Intranet</title>build secret-7f3a</html>";
    private static final GongSimulator GONG = GongSimulator.start();
    private static final java.util.concurrent.atomic.AtomicInteger STRANGER_HITS = new java.util.concurrent.atomic.AtomicInteger();
    private static final HttpServer STRANGER = stranger();

    @DynamicPropertySource
    static void operatorOverrides(DynamicPropertyRegistry registry) {
        registry.add("callimport.platforms.gong.base-url", () -> GONG.baseUrl().toString());
        // the operator pointed Fathom at something that is not Fathom
        registry.add("callimport.platforms.fathom.base-url", () -> "http://127.0.0.1:" + STRANGER.getAddress().getPort() + "/external/v1");
        registry.add("callimport.rate-budgets", () -> "false");
    }

    @LocalServerPort
    int port;

    ApiClient acme;

    private static HttpServer stranger() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
            server.createContext("/", exchange -> {
                try (exchange) {
                    STRANGER_HITS.incrementAndGet();
                    byte[] page = STRANGER_PAGE.getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, page.length);
                    exchange.getResponseBody().write(page);
                }
            });
            server.start();
            return server;
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    @AfterAll
    static void stop() {
        STRANGER.stop(0);
        GONG.close();
    }

    @BeforeEach
    void setUp() {
        GONG.reset();
        acme = ApiClient.at(port, "test-bootstrap-token").newOrganization("Acme");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080", "https://127.0.0.1", "http://2130706433/", "https://0177.0.0.1",
            "https://[::ffff:127.0.0.1]", "http://localhost:8080", "ftp://us-12345.api.gong.io", "http://us-12345.api.gong.io",
            "https://169.254.169.254/latest/meta-data", "https://api.gong.io.attacker.example", "https://us-1.api.gong.io@attacker.example",
            "https://us-12345.api.gong.io:8443"})
    void refusesACustomerBaseUrlThatIsNotGongsWithA400NamingTheField(String baseUrl) {
        ApiClient.Reply created = acme.post("/api/connections", json("platform", "gong", "credentials", Map.of("baseUrl", baseUrl,
                "accessKey", GongSimulator.ACCESS_KEY, "accessKeySecret", GongSimulator.ACCESS_KEY_SECRET)));
        assertThat(created.status()).as(created.body()).isEqualTo(400);
        assertThat(created.json().get("detail").asString())
                .startsWith("credentials.baseUrl: use your Gong API address, https://<something>.api.gong.io");
        assertThat(acme.get("/api/connections").json()).isEmpty();
    }

    @Test
    void aConnectionTestAgainstAServerThatIsNotTheVendorNeverSaysOkAndNeverEchoesItsPage() {
        String connection = acme.post("/api/connections", json("platform", "fathom", "credentials", Map.of("apiKey", "fathom-key")))
                .text("id");
        ApiClient.Reply tested = acme.post("/api/connections/" + connection + "/test");
        assertThat(tested.json().get("ok").asBoolean()).as(tested.body()).isFalse();
        assertThat(tested.body()).contains("did not answer like the Fathom API; check the address")
                .doesNotContain("secret-7f3a").doesNotContain("Intranet");
        JsonNode stored = acme.get("/api/connections/" + connection).json();
        assertThat(stored.get("status").asString()).isNotEqualTo("ACTIVE");
        assertThat(stored.toString()).contains("check the address").doesNotContain("secret-7f3a");
    }

    @Test
    void refusesMediaOnAHostGongDoesNotKeepMediaOnAndRecordsWhyOnTheCall() {
        GONG.seed(6, WINDOW, CallMix.TYPICAL, 11);
        GONG.handOutMediaLinksOn(java.net.URI.create("http://127.0.0.1:" + STRANGER.getAddress().getPort()));
        int hitsBefore = STRANGER_HITS.get();
        String connection = acme.post("/api/connections", json("platform", "gong", "credentials", Map.of(
                "baseUrl", "https://us-12345.api.gong.io", "accessKey", GongSimulator.ACCESS_KEY,
                "accessKeySecret", GongSimulator.ACCESS_KEY_SECRET))).text("id");
        String runId = acme.post("/api/import-runs", json("connectionId", connection,
                "from", WINDOW.from().toString(), "to", WINDOW.to().toString())).text("id");
        Await.until(Duration.ofSeconds(90), () -> acme.get("/api/import-runs/" + runId).json(),
                run -> Set.of("SUCCEEDED", "FAILED", "PAUSED", "CANCELLED").contains(run.get("state").asString()), "run " + runId + " to end");
        // the call is kept with its metadata; its recording is marked missing with the reason (see MissingRecordings)
        JsonNode calls = acme.get("/api/calls?runId=" + runId).json();
        assertThat(calls).isNotEmpty().anySatisfy(call -> {
            assertThat(call.path("recordingStatus").asString()).isEqualTo("MISSING");
            assertThat(call.path("recordingReason").asString()).contains("refused to download media from 127.0.0.1");
        });
        assertThat(STRANGER_HITS).hasValue(hitsBefore);
    }
}
