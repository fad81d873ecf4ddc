package com.callimport.imports;

import static com.callimport.testfixtures.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connector.testkit.SeededCall;
import com.callimport.connectors.gong.GongSimulator;
import com.callimport.credentials.VaultKeyset;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.Await;
import com.callimport.testfixtures.TestDatabase;
import com.callimport.testfixtures.WorkerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The engine's promise under the worst conditions: two service processes share one run on one
 * database while Gong throttles, errs and truncates downloads, and one process is killed with
 * SIGKILL mid-run. The run still ends with exactly Gong's eligible calls, each once, each recording
 * intact.
 */
class ImportSurvivesWorkerCrashIntegrationTest {
    private static final DateWindow WINDOW = new DateWindow(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-22T00:00:00Z"));
    private static final int CALLS = 2_100;

    @Test
    void aRunKilledMidwayResumesAndEndsWithExactlyTheEligibleCalls() throws Exception {
        Path shared = Files.createTempDirectory("callimport-crash-");
        Path logs = Path.of("target", "worker-logs");
        Files.createDirectories(logs);
        Map<String, String> environment = Map.of("CALLIMPORT_VAULT_KEYSET", VaultKeyset.generate());
        String[] settings = {
                "--spring.datasource.url=" + TestDatabase.url(),
                "--spring.datasource.username=" + TestDatabase.user(),
                "--spring.datasource.password=" + TestDatabase.password(),
                "--callimport.data-directory=" + shared,
                "--callimport.bootstrap-token=crash-test-token",
                "--callimport.retry.initial-backoff=20ms",
                "--callimport.retry.max-backoff=200ms",
                "--jobrunr.background-job-server.worker-count=4"};

        try (GongSimulator gong = GongSimulator.start()) {
            List<SeededCall> seeded = gong.seed(CALLS, WINDOW, CallMix.TYPICAL, 42);
            gong.enforceGongRateLimits();
            gong.rateLimitEvery(40, Duration.ofSeconds(1));
            gong.failEvery(23, 503);
            gong.truncateEvery(61);

            WorkerProcess first = WorkerProcess.start("worker-a", logs, environment, settings);
            try (WorkerProcess second = WorkerProcess.start("worker-b", logs, environment, settings)) {
                ApiClient admin = ApiClient.at(first.port(), "crash-test-token");
                JsonNode organization = admin.post("/api/admin/organizations", json("name", "Crash Test Co")).json();
                UUID organizationId = UUID.fromString(organization.get("organizationId").asString());
                ApiClient customer = admin.withToken(organization.get("apiToken").asString());
                String connection = customer.post("/api/connections", json("platform", "gong", "credentials", Map.of(
                        "baseUrl", gong.baseUrl().toString(), "accessKey", GongSimulator.ACCESS_KEY,
                        "accessKeySecret", GongSimulator.ACCESS_KEY_SECRET))).text("id");
                String runId = customer.post("/api/import-runs", json("connectionId", connection,
                        "from", WINDOW.from().toString(), "to", WINDOW.to().toString())).text("id");

                ApiClient viaSecond = new ApiClient(java.net.URI.create("http://127.0.0.1:" + second.port()),
                        organization.get("apiToken").asString());
                Await.until(Duration.ofSeconds(120), () -> viaSecond.get("/api/import-runs/" + runId).json(),
                        run -> run.get("counts").get("listed").asLong() >= CALLS / 4, "a quarter of the run to be imported");
                first.killHard();

                try (WorkerProcess restarted = WorkerProcess.start("worker-a-restarted", logs, environment, settings)) {
                    JsonNode finished = Await.until(Duration.ofSeconds(240), () -> viaSecond.get("/api/import-runs/" + runId).json(),
                            run -> !run.get("state").asString().equals("RUNNING"), "the run to end");

                    Set<String> eligible = gong.eligibleCallIds(false);
                    long privateCalls = seeded.stream().filter(SeededCall::isPrivate).count();
                    JsonNode counts = finished.get("counts");
                    assertThat(finished.get("state").asString()).as(finished.toString()).isEqualTo("SUCCEEDED");
                    assertThat(counts.get("listed").asLong()).isEqualTo(CALLS);
                    assertThat(counts.get("imported").asLong()).isEqualTo(eligible.size());
                    assertThat(counts.get("skipped").asLong()).isEqualTo(privateCalls);
                    assertThat(counts.get("failed").asLong()).isZero();
                    assertThat(gong.rateLimitedResponses()).isPositive();
                    assertThat(gong.serverErrorResponses()).isPositive();
                    assertThat(gong.recordingsTruncated()).isPositive();

                    try (Connection database = DriverManager.getConnection(TestDatabase.url(), TestDatabase.user(), TestDatabase.password())) {
                        Map<String, String> stored = storedRecordingChecksums(database, organizationId);
                        assertThat(stored.keySet()).isEqualTo(eligible);
                        assertThat(countRows(database, "SELECT count(*) FROM calls WHERE organization_id = ?", organizationId))
                                .isEqualTo(eligible.size());
                        for (String callId : gong.callsWithRecording()) {
                            if (eligible.contains(callId)) {
                                assertThat(stored.get(callId)).as("recording of " + callId).isEqualTo(gong.recordingSha256(callId));
                            }
                        }
                        assertThat(countRows(database, "SELECT count(DISTINCT worker) FROM import_slices WHERE run_id = ?",
                                UUID.fromString(runId))).as("workers that committed pages").isGreaterThanOrEqualTo(2);
                    }
                }
            }
        }
    }

    private static Map<String, String> storedRecordingChecksums(Connection database, UUID organizationId) throws Exception {
        Map<String, String> stored = new HashMap<>();
        try (PreparedStatement query = database.prepareStatement(
                "SELECT vendor_call_id, recording_sha256 FROM calls WHERE organization_id = ?")) {
            query.setObject(1, organizationId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    stored.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        return stored;
    }

    private static long countRows(Connection database, String sql, UUID id) throws Exception {
        try (PreparedStatement query = database.prepareStatement(sql)) {
            query.setObject(1, id);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
