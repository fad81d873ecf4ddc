package com.callimport.imports;

import static com.callimport.testfixtures.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connectors.gong.GongSimulator;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.Await;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

/** A slice that breaks for a reason that is not the vendor's ends its run at once, and holds nothing else up. */
@EngineIntegrationTest
@TestPropertySource(properties = "callimport.test.database=imports_failure")
class ImportRunFailureIntegrationTest {
    private static final GongSimulator GONG = GongSimulator.start();
    private static final DateWindow WINDOW = new DateWindow(Instant.parse("2026-04-01T00:00:00Z"), Instant.parse("2026-04-03T00:00:00Z"));

    @DynamicPropertySource
    static void gong(DynamicPropertyRegistry registry) {
        registry.add("callimport.platforms.gong.base-url", () -> GONG.baseUrl().toString());
        registry.add("callimport.rate-budgets", () -> "false");
    }

    @AfterAll
    static void stop() {
        GONG.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ImportRuns runs;

    ApiClient customer;
    String connection;

    @BeforeEach
    void setUp() {
        GONG.reset();
        GONG.seed(20, WINDOW, CallMix.TYPICAL, 21);
        customer = ApiClient.at(port, "test-bootstrap-token").newOrganization("Broken Slices");
        connection = customer.post("/api/connections", json("platform", "gong", "credentials", Map.of(
                "baseUrl", "https://us-12345.api.gong.io", "accessKey", GongSimulator.ACCESS_KEY,
                "accessKeySecret", GongSimulator.ACCESS_KEY_SECRET))).text("id");
    }

    @Test
    void aSliceWhoseCheckpointCannotBeReadFailsItsRunAtOnceWithAReasonInTheCustomersWords() {
        String runId = queuedRun();
        jdbc.sql("UPDATE import_slices SET position = 'written by no connector', pages_done = 1 WHERE run_id = ?")
                .param(UUID.fromString(runId)).update();

        customer.post("/api/import-runs/" + runId + "/start");
        // JobRunr's own retries would take minutes to hours; a deterministic failure must not wait for them
        JsonNode run = Await.until(Duration.ofSeconds(20), () -> customer.get("/api/import-runs/" + runId).json(),
                seen -> !seen.get("state").asString().matches("QUEUED|RUNNING"), "the run to fail");

        assertThat(run.get("state").asString()).isEqualTo("FAILED");
        String reason = run.get("stateReason").asString();
        assertThat(reason).contains("could not continue").contains("resume")
                .doesNotContain("Exception").doesNotContain("at com.").doesNotContain("java.");
    }

    @Test
    void aConnectionWhoseCredentialsCannotBeReadPausesItsRunUntilTheCustomerReconnects() {
        String runId = queuedRun();
        // as when the vault key that sealed them was removed
        jdbc.sql("UPDATE connections SET credentials_sealed = ? WHERE id = ?")
                .params(new byte[] {1, 0, 0, 0, 42, 7, 7, 7, 7}, UUID.fromString(connection)).update();

        customer.post("/api/import-runs/" + runId + "/start");
        JsonNode run = Await.until(Duration.ofSeconds(20), () -> customer.get("/api/import-runs/" + runId).json(),
                seen -> !seen.get("state").asString().matches("QUEUED|RUNNING"), "the run to stop");

        assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("PAUSED");
        assertThat(run.get("stateReason").asString()).contains("Reconnect it or enter its credentials again")
                .doesNotContain("Exception");
        assertThat(jdbc.sql("SELECT status FROM connections WHERE id = ?").param(UUID.fromString(connection))
                .query(String.class).single()).isEqualTo("NEEDS_ATTENTION");
    }

    @Test
    void aFailedRunDoesNotHoldUpTheConnectionsNextSyncPass() {
        String runId = queuedRun();
        jdbc.sql("UPDATE import_slices SET position = 'written by no connector', pages_done = 1 WHERE run_id = ?")
                .param(UUID.fromString(runId)).update();
        customer.post("/api/import-runs/" + runId + "/start");
        Await.until(Duration.ofSeconds(20), () -> customer.get("/api/import-runs/" + runId).json(),
                seen -> seen.get("state").asString().equals("FAILED"), "the run to fail");
        assertThat(customer.put("/api/connections/" + connection + "/sync", json("frequency", "DAILY")).status()).isEqualTo(200);

        ApiClient.Reply pass = customer.post("/api/connections/" + connection + "/sync/now");

        assertThat(pass.status()).as(pass.body()).isEqualTo(202);
        JsonNode ended = Await.until(Duration.ofSeconds(30), () -> customer.get("/api/import-runs/" + pass.text("id")).json(),
                seen -> !seen.get("state").asString().matches("QUEUED|RUNNING"), "the sync pass to end");
        assertThat(ended.get("state").asString()).as(ended.toString()).isEqualTo("SUCCEEDED");
    }

    private String queuedRun() {
        ApiClient.Reply created = customer.post("/api/import-runs", json("connectionId", connection,
                "from", WINDOW.from().toString(), "to", WINDOW.to().toString(), "start", false));
        assertThat(created.status()).as(created.body()).isBetween(201, 202);
        // planned as its count job would, so that the test can break its slice before the start
        runs.planIfUnplanned(UUID.fromString(created.text("id")), List.of(WINDOW));
        return created.text("id");
    }
}
