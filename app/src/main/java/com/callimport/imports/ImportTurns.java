package com.callimport.imports;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.runner.ThreadLocalJobContext;
import org.jobrunr.storage.BackgroundJobServerStatus;
import org.jobrunr.storage.JobNotFoundException;
import org.jobrunr.storage.StorageProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Shares the job queue's workers fairly between organizations, and within one between its runs
 * (connections). JobRunr stays the queue; this decides what is in it (ADR 0011):
 * <ul>
 *   <li>A <em>turn</em> is one slice's job in the queue, queued or running, recorded in
 *       {@code import_turns}. A slice holds at most one turn, and there are never more turns than the
 *       workers of all live servers, so JobRunr's queue stays short and a freed worker takes the next
 *       turn at once.</li>
 *   <li>A turn works its slice page by page and ends after a page when someone waits: another
 *       organization with work that holds fewer turns, or a run of its own organization that holds none.
 *       Without contention a job keeps its slice, as before.</li>
 *   <li>The job ending a turn passes it on in one transaction: to the organization with work that holds
 *       the fewest turns, then the one served longest ago (a newcomer first), and within it to the run
 *       with the fewest turns, then the slice just worked.</li>
 *   <li>Nothing is lost in a crash: a turn whose process died mid-page is retried by JobRunr (same job);
 *       a turn committed whose job was never queued, a turn whose job failed for good, and free turns
 *       while runs wait are all handled by {@link #sweep()}, a recurring job.</li>
 * </ul>
 * Called by {@link ImportControl} when a run starts or resumes, by {@link ImportSliceJob} around its
 * pages (any worker thread), and by the recurring sweep.
 */
@Component
public class ImportTurns {
    private static final Logger log = LoggerFactory.getLogger(ImportTurns.class);
    private static final Duration WORKER_COUNT_FRESHNESS = Duration.ofSeconds(10);
    /** Runs whose count job has yet to plan their slices. */
    private static final String UNPLANNED = """
            SELECT 1 FROM import_runs r WHERE r.state = 'RUNNING'
              AND NOT EXISTS (SELECT 1 FROM import_slices s WHERE s.run_id = r.id)""";

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final JobScheduler jobs;
    private final StorageProvider storage;
    private final Clock clock;
    private final int ownWorkers;
    private volatile WorkerCount workers;

    ImportTurns(JdbcClient jdbc, TransactionTemplate transaction, @Lazy JobScheduler jobs, StorageProvider storage, Clock clock,
                @Value("${jobrunr.background-job-server.worker-count:8}") int ownWorkers) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.jobs = jobs;
        this.storage = storage;
        this.clock = clock;
        this.ownWorkers = ownWorkers;
    }

    /** A slice's place in the queue: the JobRunr job that works it. */
    record Turn(UUID sliceId, UUID jobId, boolean started) {
        Turn(UUID sliceId, UUID jobId) {
            this(sliceId, jobId, false);
        }
    }

    /** A run started or resumed: takes the free turns, if any; otherwise it is served at the next turn that ends. */
    void open(UUID runId) {
        queue(transaction.execute(status -> grant(Optional.empty())));
    }

    /**
     * At the start of a slice job: false when another job holds the slice's turn (a duplicate left by a
     * crash), which must then do nothing.
     */
    boolean begin(UUID sliceId) {
        Optional<UUID> job = currentJob();
        if (job.isEmpty()) {
            return true;
        }
        int started = jdbc.sql("UPDATE import_turns SET started_at = coalesce(started_at, ?) WHERE slice_id = ? AND job_id = ?")
                .params(now(), sliceId, job.get()).update();
        if (started == 1) {
            return true;
        }
        // no turn at all: a job queued before turns existed, which works as it always did
        return jdbc.sql("SELECT count(*) FROM import_turns WHERE slice_id = ?").param(sliceId).query(Long.class).single() == 0;
    }

    /**
     * After each page: whether the turn should end because someone waits for a worker: a run of its own
     * organization that holds no turn, or another organization with work that holds fewer turns.
     */
    boolean othersWait(ImportRun run) {
        return jdbc.sql("""
                WITH hungry AS (
                    SELECT r.id AS run_id, r.organization_id FROM import_runs r
                    WHERE r.state = 'RUNNING'
                      AND EXISTS (SELECT 1 FROM import_slices s WHERE s.run_id = r.id AND s.state = 'PENDING'
                                  AND NOT EXISTS (SELECT 1 FROM import_turns t WHERE t.slice_id = s.id)))
                SELECT EXISTS (SELECT 1 FROM hungry h WHERE h.organization_id = :organization AND h.run_id <> :run
                               AND NOT EXISTS (SELECT 1 FROM import_turns t WHERE t.run_id = h.run_id))
                    OR EXISTS (SELECT 1 FROM hungry h WHERE h.organization_id <> :organization
                               AND (SELECT count(*) FROM import_turns t WHERE t.organization_id = h.organization_id)
                                 < (SELECT count(*) FROM import_turns t WHERE t.organization_id = :organization))
                    OR EXISTS (""" + UNPLANNED + ")")
                .param("run", run.id())
                .param("organization", run.organization().value())
                .query(Boolean.class)
                .single();
    }

    /** At the end of a turn (the job returns normally): hands the turn on and queues whoever gets it. */
    void pass(UUID sliceId) {
        Optional<UUID> job = currentJob();
        queue(transaction.execute(status -> {
            lock();
            jdbc.sql("DELETE FROM import_turns WHERE slice_id = ? AND (?::uuid IS NULL OR job_id = ?::uuid)")
                    .params(sliceId, job.orElse(null), job.orElse(null)).update();
            return grant(Optional.of(sliceId));
        }));
    }

    /**
     * The safety net, run every minute on one instance: queues the job of every queued turn that has none
     * (its process died between commit and queueing), frees the turns whose job ended without passing
     * them on (failed after all its retries, or deleted), and fills the free turns.
     */
    public void sweep() {
        List<Turn> lost = new ArrayList<>();
        for (Turn turn : jdbc.sql("SELECT slice_id, job_id, started_at IS NOT NULL FROM import_turns")
                .query((rs, row) -> new Turn(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getBoolean(3))).list()) {
            try {
                StateName state = storage.getJobById(turn.jobId()).getState();
                if (state == StateName.FAILED || state == StateName.DELETED || state == StateName.SUCCEEDED) {
                    log.warn("Freeing the import turn of slice {}: its job {} is {}", turn.sliceId(), turn.jobId(), state);
                    jdbc.sql("DELETE FROM import_turns WHERE slice_id = ? AND job_id = ?").params(turn.sliceId(), turn.jobId()).update();
                }
            } catch (JobNotFoundException missing) {
                if (turn.started()) {
                    jdbc.sql("DELETE FROM import_turns WHERE slice_id = ? AND job_id = ?").params(turn.sliceId(), turn.jobId()).update();
                } else {
                    lost.add(turn);
                }
            }
        }
        if (!lost.isEmpty()) {
            log.warn("Queueing {} import turns whose jobs were lost", lost.size());
            queue(lost);
        }
        List<Turn> granted = transaction.execute(status -> grant(Optional.empty()));
        if (!granted.isEmpty()) {
            log.warn("Granted {} import turns that were free while runs waited", granted.size());
        }
        queue(granted);
    }

    /** For a test of the sweep: grants turns as a process would just before dying, without queueing their jobs. */
    int grantWithoutQueueing() {
        return transaction.execute(status -> grant(Optional.empty())).size();
    }

    /**
     * Inside a transaction: fills the free turns (all workers' worth in total). Each goes to the
     * organization with work that holds the fewest turns, then the one served longest ago; within it to
     * the run with the fewest turns, then the one served longest ago, then the slice just worked (its
     * vendor cursor is warm), then slices already begun.
     */
    private List<Turn> grant(Optional<UUID> justWorked) {
        lock();
        long held = jdbc.sql("SELECT count(*) FROM import_turns").query(Long.class).single();
        // a run still to be counted and planned needs a worker for its count job, outside the turns
        long counting = jdbc.sql("SELECT count(*) FROM (" + UNPLANNED + ") unplanned").query(Long.class).single();
        long free = totalWorkers() - held - counting;
        List<Turn> granted = new ArrayList<>();
        while (granted.size() < free) {
            Optional<Candidate> next = jdbc.sql("""
                    WITH hungry AS (
                        SELECT r.organization_id, max(r.last_turn_at) AS served FROM import_runs r
                        WHERE r.state = 'RUNNING'
                          AND EXISTS (SELECT 1 FROM import_slices s WHERE s.run_id = r.id AND s.state = 'PENDING'
                                      AND NOT EXISTS (SELECT 1 FROM import_turns t WHERE t.slice_id = s.id))
                        GROUP BY r.organization_id
                        ORDER BY (SELECT count(*) FROM import_turns t WHERE t.organization_id = r.organization_id),
                                 max(r.last_turn_at) NULLS FIRST
                        LIMIT 1)
                    SELECT s.id, s.run_id, r.organization_id FROM import_slices s JOIN import_runs r ON r.id = s.run_id
                    WHERE r.organization_id = (SELECT organization_id FROM hungry) AND r.state = 'RUNNING' AND s.state = 'PENDING'
                      AND NOT EXISTS (SELECT 1 FROM import_turns t WHERE t.slice_id = s.id)
                    ORDER BY (SELECT count(*) FROM import_turns t WHERE t.run_id = s.run_id),
                             r.last_turn_at NULLS FIRST,
                             s.id = CAST(:justWorked AS uuid) DESC,
                             s.pages_done > 0 DESC,
                             s.window_from
                    LIMIT 1""")
                    .param("justWorked", justWorked.orElse(null))
                    .query((rs, row) -> new Candidate(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class)))
                    .optional();
            if (next.isEmpty()) {
                break;
            }
            Turn turn = new Turn(next.get().sliceId(), UUID.randomUUID());
            jdbc.sql("""
                    INSERT INTO import_turns (slice_id, run_id, organization_id, job_id, granted_at) VALUES (?, ?, ?, ?, ?)""")
                    .params(turn.sliceId(), next.get().runId(), next.get().organizationId(), turn.jobId(), now())
                    .update();
            jdbc.sql("UPDATE import_runs SET last_turn_at = ? WHERE id = ?").params(now(), next.get().runId()).update();
            granted.add(turn);
        }
        return granted;
    }

    private record Candidate(UUID sliceId, UUID runId, UUID organizationId) {
    }

    /** Workers of every live server sharing the queue, read from JobRunr at most every few seconds. */
    private int totalWorkers() {
        Instant now = Instant.now(clock);
        WorkerCount known = workers;
        if (known == null || known.readAt().plus(WORKER_COUNT_FRESHNESS).isBefore(now)) {
            int total = storage.getBackgroundJobServers().stream()
                    .filter(BackgroundJobServerStatus::isRunning)
                    .mapToInt(BackgroundJobServerStatus::getWorkerPoolSize)
                    .sum();
            known = new WorkerCount(total > 0 ? total : ownWorkers, now);
            workers = known;
        }
        return known.total();
    }

    private record WorkerCount(int total, Instant readAt) {
    }

    /** Serializes the granting of turns across instances, so that they never exceed the workers. */
    private void lock() {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('import_turns'))").query((rs, row) -> 1).single();
    }

    /** After the commit: queues each granted turn's job under the turn's own id, so a second queueing is a no-op. */
    private void queue(List<Turn> granted) {
        for (Turn turn : granted) {
            UUID sliceId = turn.sliceId();
            jobs.<ImportSliceJob>enqueue(turn.jobId(), job -> job.importSlice(sliceId));
        }
    }

    private static Optional<UUID> currentJob() {
        return ThreadLocalJobContext.hasJobContext()
                ? Optional.ofNullable(ThreadLocalJobContext.getJobContext().getJobId())
                : Optional.empty();
    }

    private java.time.OffsetDateTime now() {
        return Instant.now(clock).atOffset(ZoneOffset.UTC);
    }
}
