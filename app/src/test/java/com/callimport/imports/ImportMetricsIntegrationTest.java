package com.callimport.imports;

import static com.callimport.testfixtures.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connectors.gong.GongSimulator;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.Await;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** After a simulated import, an operator's scraper reads the engine's counters per platform; a customer reads nothing. */
@EngineIntegrationTest
@TestPropertySource(properties = {"callimport.test.database=import_metrics", "callimport.metrics-token=test-metrics-token"})
class ImportMetricsIntegrationTest {
    private static final GongSimulator GONG = GongSimulator.start();
    private static final DateWindow WINDOW = new DateWindow(Instant.now().minus(Duration.ofDays(3)), Instant.now().minus(Duration.ofHours(1)));
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void gong(DynamicPropertyRegistry registry) {
        registry.add("callimport.platforms.gong.base-url", () -> GONG.baseUrl().toString());
    }

    @AfterAll
    static void stop() {
        GONG.close();
    }

    @LocalServerPort
    int port;

    @Test
    void theScraperSeesRunsCallsFailures429sAndBudgetWaitsTaggedByPlatform() throws Exception {
        GONG.reset();
        GONG.seed(25, WINDOW, CallMix.COMPLETE, 3);
        ApiClient customer = ApiClient.at(port, "test-bootstrap-token").newOrganization("Metrics Co");
        String connection = customer.post("/api/connections", json("platform", "gong", "credentials", Map.of(
                "baseUrl", "https://metrics.api.gong.io", "accessKey", GongSimulator.ACCESS_KEY,
                "accessKeySecret", GongSimulator.ACCESS_KEY_SECRET))).text("id");
        double importedBefore = metric(scrape(), "callimport_calls_imported_total", "platform=\"gong\"");
        GONG.rateLimitNextRequest(Duration.ofSeconds(1));

        JsonNode run = importWindow(customer, connection);
        assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        GONG.rejectCredentials(true);
        JsonNode refused = importWindow(customer, connection);
        assertThat(refused.get("state").asString()).isEqualTo("PAUSED");

        String scraped = scrape();
        assertThat(metric(scraped, "callimport_calls_imported_total", "platform=\"gong\"") - importedBefore)
                .isEqualTo(run.get("counts").get("imported").asDouble());
        assertThat(metric(scraped, "callimport_runs_total", "kind=\"backfill\",outcome=\"succeeded\",platform=\"gong\"")).isGreaterThanOrEqualTo(1);
        assertThat(metric(scraped, "callimport_runs_total", "kind=\"backfill\",outcome=\"paused\",platform=\"gong\"")).isGreaterThanOrEqualTo(1);
        assertThat(metric(scraped, "callimport_failures_total", "category=\"authentication\",platform=\"gong\"")).isGreaterThanOrEqualTo(1);
        assertThat(metric(scraped, "callimport_vendor_rate_limited_total", "platform=\"gong\"")).isGreaterThanOrEqualTo(1);
        assertThat(metric(scraped, "callimport_rate_budget_wait_seconds_count", "platform=\"gong\"")).isGreaterThanOrEqualTo(1);

        HttpResponse<String> asCustomer = get("/actuator/prometheus", customer.token());
        HttpResponse<String> signedOut = get("/actuator/prometheus", null);
        assertThat(asCustomer.statusCode()).isEqualTo(403);
        assertThat(signedOut.statusCode()).isEqualTo(401);
    }

    private static JsonNode importWindow(ApiClient customer, String connection) {
        String runId = customer.post("/api/import-runs", json("connectionId", connection,
                "from", WINDOW.from().toString(), "to", WINDOW.to().toString())).text("id");
        return Await.until(Duration.ofSeconds(60), () -> customer.get("/api/import-runs/" + runId).json(),
                current -> !current.get("state").asString().matches("QUEUED|RUNNING"), "the import to end");
    }

    private String scrape() throws Exception {
        HttpResponse<String> scraped = get("/actuator/prometheus", "test-metrics-token");
        assertThat(scraped.statusCode()).as(scraped.body()).isEqualTo(200);
        return scraped.body();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A sample's value, 0 when the series is not there yet. */
    private static double metric(String scraped, String name, String labels) {
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{" + Pattern.quote(labels) + "[^}]*} (\\S+)$").matcher(scraped);
        return sample.find() ? Double.parseDouble(sample.group(1)) : 0;
    }
}
