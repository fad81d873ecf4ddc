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
import java.util.Set;
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

/**
 * Workers are shared fairly: a big import does not hold back a small one of another organization or of
 * another connection, and a run whose next turn was lost in a crash is picked up again (ADR 0011).
 */
@EngineIntegrationTest
@TestPropertySource(properties = {"callimport.test.database=fairness", "jobrunr.background-job-server.worker-count=8"})
class ImportFairnessIntegrationTest {
    private static final int WORKERS = 8;
    private static final int PAGE_SIZE = 10;
    // planned in 12 slices (8 of Gong's 100-call pages each) for 8 workers, so every worker is busy with the big run when
    // the small one starts and a turn must be handed over; the old queue put all of them ahead of anything started later
    private static final DateWindow BIG = new DateWindow(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-04-11T00:00:00Z"));
    private static final int BIG_CALLS = 10_000;
    private static final DateWindow SMALL = new DateWindow(Instant.parse("2025-06-01T00:00:00Z"), Instant.parse("2025-06-02T00:00:00Z"));
    private static final int SMALL_CALLS = 20;
    private static final GongSimulator GONG = GongSimulator.start();

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
    @Autowired
    ImportTurns turns;

    ApiClient operator;

    @BeforeEach
    void vendor() {
        GONG.reset();
        GONG.seed(BIG_CALLS, BIG, CallMix.COMPLETE, 1);
        GONG.addCalls(SMALL_CALLS, SMALL, CallMix.COMPLETE, 2);
        GONG.usePageSize(PAGE_SIZE);
        // every answer takes a little while, as a vendor's does, so that pages cost time rather than CPU
        GONG.delayResponses(Duration.ofMillis(60));
        operator = ApiClient.at(port, "test-bootstrap-token");
    }

    @Test
    void aSmallImportOfAnotherOrganizationCommitsItsFirstPageBeforeABigImportCommitsAFewMorePages() {
        // billed on invoice: its import is beyond the free allowance, and fairness, not checkout, is under test
        ApiClient big = operator.newOrganizationBilledOnInvoice("Big Importer");
        ApiClient small = operator.newOrganization("Small Importer");

        String bigRun = startImport(big, connect(big), BIG);
        awaitPagesCommitted(big, bigRun);
        String smallRun = startImport(small, connect(small), SMALL);

        assertSmallRunWentFirst(small, smallRun, big, bigRun);
    }

    @Test
    void aSmallImportOfASecondConnectionIsNotHeldBackByTheOrganizationsBigImport() {
        ApiClient acme = operator.newOrganizationBilledOnInvoice("Acme Two Connections");

        String bigRun = startImport(acme, connect(acme), BIG);
        awaitPagesCommitted(acme, bigRun);
        String smallRun = startImport(acme, connect(acme), SMALL);

        assertSmallRunWentFirst(acme, smallRun, acme, bigRun);
    }

    @Test
    void aRunWhoseTurnWasGrantedButNeverQueuedIsPickedUpByTheSweep() {
        ApiClient acme = operator.newOrganization("Acme Lost Turn");
        String runId = acme.post("/api/import-runs", json("connectionId", connect(acme),
                "from", SMALL.from().toString(), "to", SMALL.to().toString(), "start", false)).text("id");
        Await.until(Duration.ofSeconds(60), () -> jdbc.sql("SELECT count(*) FROM import_turns").query(Long.class).single(),
                held -> held == 0, "the turns of earlier tests' runs to be passed on");
        // what a process leaves behind when it dies between committing a turn and queueing its job
        runs.transition(UUID.fromString(runId), ImportRunState.RUNNING, null);
        runs.planIfUnplanned(UUID.fromString(runId), List.of(SMALL));
        assertThat(turns.grantWithoutQueueing()).as("turns granted").isOne();

        turns.sweep();

        JsonNode finished = awaitEnd(acme, runId);
        assertThat(finished.get("state").asString()).as(finished.toString()).isEqualTo("SUCCEEDED");
        assertThat(finished.get("counts").get("imported").asLong()).isEqualTo(SMALL_CALLS);
    }

    @Test
    void aRunLeftRunningWithoutAnyTurnIsPickedUpByTheSweep() {
        ApiClient acme = operator.newOrganization("Acme No Turn");
        String runId = acme.post("/api/import-runs", json("connectionId", connect(acme),
                "from", SMALL.from().toString(), "to", SMALL.to().toString(), "start", false)).text("id");
        // what a process leaves behind when it dies between planning a run (its count job) and granting its first turn
        runs.transition(UUID.fromString(runId), ImportRunState.RUNNING, null);
        runs.planIfUnplanned(UUID.fromString(runId), List.of(SMALL));

        turns.sweep();

        JsonNode finished = awaitEnd(acme, runId);
        assertThat(finished.get("state").asString()).as(finished.toString()).isEqualTo("SUCCEEDED");
        assertThat(finished.get("counts").get("imported").asLong()).isEqualTo(SMALL_CALLS);
    }

    private void assertSmallRunWentFirst(ApiClient organization, String smallRun, ApiClient bigOrganization, String bigRun) {
        Instant smallCreated = Instant.parse(organization.get("/api/import-runs/" + smallRun).json().get("createdAt").asString());
        awaitPagesCommitted(organization, smallRun);
        Instant smallFirstPage = jdbc.sql("SELECT min(imported_at) FROM calls WHERE first_run_id = ?")
                .param(UUID.fromString(smallRun)).query(java.sql.Timestamp.class).single().toInstant();
        long bigCallsMeanwhile = jdbc.sql("SELECT count(*) FROM calls WHERE first_run_id = ? AND imported_at > ? AND imported_at < ?")
                .params(UUID.fromString(bigRun), ImportRuns.utc(smallCreated), ImportRuns.utc(smallFirstPage))
                .query(Long.class).single();
        long bigPagesMeanwhile = bigCallsMeanwhile / PAGE_SIZE;
        System.out.printf("fairness: the big run committed %d pages before the small run's first, %s after it was created%n",
                bigPagesMeanwhile, Duration.between(smallCreated, smallFirstPage));

        // the workers busy with the big run finish their page, then hand over; before, all 100 slices went first
        assertThat(bigPagesMeanwhile).as("pages the big run committed after the small run started and before its first page")
                .isLessThanOrEqualTo(4L * WORKERS);
        assertThat(stateOf(bigOrganization, bigRun)).as("the big run is still going, so it did compete").isEqualTo("RUNNING");
        assertThat(jdbc.sql("SELECT count(*) FROM import_slices WHERE run_id = ?").param(UUID.fromString(bigRun)).query(Long.class).single())
                .as("the big run's slices outnumber the workers, so none was idle").isGreaterThan(WORKERS);
        assertThat(Duration.between(smallCreated, smallFirstPage)).as("time to the small run's first page")
                .isLessThan(Duration.ofSeconds(30));
        bigOrganization.post("/api/import-runs/" + bigRun + "/cancel");
    }

    private String connect(ApiClient organization) {
        ApiClient.Reply created = organization.post("/api/connections", json("platform", "gong", "credentials", Map.of(
                "baseUrl", "https://us-12345.api.gong.io", "accessKey", GongSimulator.ACCESS_KEY,
                "accessKeySecret", GongSimulator.ACCESS_KEY_SECRET)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("id");
    }

    private static String startImport(ApiClient organization, String connection, DateWindow window) {
        ApiClient.Reply run = organization.post("/api/import-runs", json("connectionId", connection,
                "from", window.from().toString(), "to", window.to().toString()));
        assertThat(run.status()).as(run.body()).isEqualTo(201);
        return run.text("id");
    }

    private static void awaitPagesCommitted(ApiClient organization, String runId) {
        Await.until(Duration.ofSeconds(60), () -> organization.get("/api/import-runs/" + runId).json(),
                run -> run.get("counts").get("listed").asLong() > 0, "run " + runId + " to commit its first page");
    }

    private static JsonNode awaitEnd(ApiClient organization, String runId) {
        return Await.until(Duration.ofSeconds(60), () -> organization.get("/api/import-runs/" + runId).json(),
                run -> Set.of("SUCCEEDED", "FAILED", "PAUSED", "CANCELLED").contains(run.get("state").asString()),
                "run " + runId + " to end");
    }

    private static String stateOf(ApiClient organization, String runId) {
        return organization.get("/api/import-runs/" + runId).json().get("state").asString();
    }
}
