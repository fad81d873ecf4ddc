package com.callimport.imports;

import static com.callimport.testfixtures.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.SeededCall;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The engine's promise under the worst conditions, for one platform: two service processes share one
 * run on one database while the vendor throttles, errs and truncates downloads, and one process is
 * killed with SIGKILL mid-run. The run still ends with exactly the vendor's eligible calls, each once,
 * each recording intact. One short subclass per platform names the vendor and its faults.
 */
abstract class ImportSurvivesWorkerCrashScenario {

    /** A started, seeded vendor simulator with the faults armed, and what the assertions need to know about it. */
    protected interface CrashedVendor extends AutoCloseable {
        String platform();

        /** The credentials a customer would enter for the connection. */
        Map<String, String> credentials();

        /** Extra command-line settings for every worker process, e.g. the platform's base URL override. */
        List<String> workerSettings();

        /**
         * Creates the customer's connection through {@code customer}, a client of the service on {@code port}: with the
         * {@link #credentials()} by default; a platform connected by signing in plays the admin's browser instead.
         */
        default String connect(ApiClient customer, int port) throws Exception {
            return customer.post("/api/connections", json("platform", platform(), "credentials", credentials())).text("id");
        }

        /** Armed right after the SIGKILL, while the survivors carry on (e.g. expiring media links). */
        default void afterKill() {
        }

        Set<String> eligibleCallIds();

        Set<String> callsWithRecording();

        String recordingSha256(String vendorCallId);

        long rateLimitedResponses();

        /** Whether the vendor answers 429 on purpose; if not, the engine's budget must spare it every 429, across the crash. */
        default boolean throttlesOnPurpose() {
            return true;
        }

        long serverErrorResponses();

        long recordingsTruncated();

        @Override
        void close();
    }

    protected abstract DateWindow window();

    protected abstract int calls();

    /** Starts the vendor seeded with {@link #calls()} calls over {@link #window()}; returns what was seeded. */
    protected abstract CrashedVendor startVendor(List<SeededCall> seeded);

    @Test
    void aRunKilledMidwayResumesAndEndsWithExactlyTheEligibleCalls() throws Exception {
        Path shared = Files.createTempDirectory("callimport-crash-");
        Path logs = Path.of("target", "worker-logs");
        Files.createDirectories(logs);
        Map<String, String> environment = Map.of("CALLIMPORT_VAULT_KEYSET", VaultKeyset.generate());
        List<SeededCall> seeded = new ArrayList<>();

        try (CrashedVendor vendor = startVendor(seeded)) {
            List<String> arguments = new ArrayList<>(List.of(
                    "--spring.datasource.url=" + database(),
                    "--spring.datasource.username=" + TestDatabase.user(),
                    "--spring.datasource.password=" + TestDatabase.password(),
                    "--callimport.data-directory=" + shared,
                    "--callimport.bootstrap-token=crash-test-token",
                    "--callimport.retry.initial-backoff=20ms",
                    "--callimport.retry.max-backoff=200ms",
                    "--jobrunr.background-job-server.worker-count=4"));
            arguments.addAll(vendor.workerSettings());
            String[] settings = arguments.toArray(String[]::new);
            int calls = calls();

            WorkerProcess first = WorkerProcess.start("worker-a", logs, environment, settings);
            WorkerProcess second = WorkerProcess.start("worker-b", logs, environment, settings);
            try (first; second) {
                ApiClient admin = ApiClient.at(first.port(), "crash-test-token");
                JsonNode organization = admin.post("/api/admin/organizations", json("name", "Crash Test Co")).json();
                UUID organizationId = UUID.fromString(organization.get("organizationId").asString());
                // billed on invoice: more calls than the free allowance, and the crash, not the checkout, is under test
                assertThat(admin.put("/api/admin/organizations/" + organizationId + "/billing-method",
                        json("billingMethod", "invoice")).status()).isEqualTo(200);
                ApiClient customer = admin.withToken(organization.get("apiToken").asString());
                String connection = vendor.connect(customer, first.port());
                String runId = customer.post("/api/import-runs", json("connectionId", connection,
                        "from", window().from().toString(), "to", window().to().toString())).text("id");

                Await.until(Duration.ofSeconds(120), () -> customer.get("/api/import-runs/" + runId).json(),
                        run -> run.get("counts").get("listed").asLong() >= calls / 4, "a quarter of the run to be imported");
                // kill a process that has committed pages, so that its unfinished work must pass to another
                WorkerProcess victim = committedPages(runId).contains(first.pid()) ? first : second;
                WorkerProcess survivor = victim == first ? second : first;
                victim.killHard();
                vendor.afterKill();
                ApiClient viaSurvivor = new ApiClient(java.net.URI.create("http://127.0.0.1:" + survivor.port()),
                        organization.get("apiToken").asString());

                try (WorkerProcess restarted = WorkerProcess.start("worker-restarted", logs, environment, settings)) {
                    JsonNode finished = Await.until(Duration.ofSeconds(240), () -> viaSurvivor.get("/api/import-runs/" + runId).json(),
                            run -> !run.get("state").asString().equals("RUNNING"), "the run to end");

                    Set<String> eligible = vendor.eligibleCallIds();
                    long privateCalls = seeded.stream().filter(SeededCall::isPrivate).count();
                    JsonNode counts = finished.get("counts");
                    assertThat(finished.get("state").asString()).as(finished.toString()).isEqualTo("SUCCEEDED");
                    assertThat(counts.get("listed").asLong()).isEqualTo(calls);
                    assertThat(counts.get("imported").asLong()).isEqualTo(eligible.size());
                    assertThat(counts.get("skipped").asLong()).isEqualTo(privateCalls);
                    assertThat(counts.get("failed").asLong()).isZero();
                    if (vendor.throttlesOnPurpose()) {
                        assertThat(vendor.rateLimitedResponses()).isPositive();
                        assertThat(vendor.serverErrorResponses()).isPositive();
                        assertThat(vendor.recordingsTruncated()).isPositive();
                    } else {
                        assertThat(vendor.rateLimitedResponses()).as("429s from a vendor that counts every rolling window").isZero();
                    }

                    try (Connection database = DriverManager.getConnection(database(), TestDatabase.user(), TestDatabase.password())) {
                        Map<String, String> stored = storedRecordingChecksums(database, organizationId);
                        assertThat(stored.keySet()).isEqualTo(eligible);
                        assertThat(countRows(database, "SELECT count(*) FROM calls WHERE organization_id = ?", organizationId))
                                .isEqualTo(eligible.size());
                        for (String callId : vendor.callsWithRecording()) {
                            if (eligible.contains(callId)) {
                                assertThat(stored.get(callId)).as("recording of " + callId).isEqualTo(vendor.recordingSha256(callId));
                            }
                        }
                        assertThat(countRows(database, "SELECT count(DISTINCT w) FROM import_slices, unnest(workers) AS w WHERE run_id = ?",
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

    /** The process ids of the workers that committed at least one page of the run (the engine records pid@host). */
    private Set<Long> committedPages(String runId) throws Exception {
        Set<Long> workers = new java.util.HashSet<>();
        try (Connection database = DriverManager.getConnection(database(), TestDatabase.user(), TestDatabase.password());
                PreparedStatement query = database.prepareStatement(
                        "SELECT DISTINCT w FROM import_slices, unnest(workers) AS w WHERE run_id = ?")) {
            query.setObject(1, UUID.fromString(runId));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    workers.add(Long.parseLong(rows.getString(1).substring(0, rows.getString(1).indexOf('@'))));
                }
            }
        }
        assertThat(workers).as("processes that committed pages once a quarter was listed").isNotEmpty();
        return workers;
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

    /** A database of the scenario's own: its worker processes must not share a job queue with other tests' services. */
    private String database() {
        return TestDatabase.url("crash_" + getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", ""));
    }
}
