package com.callimport.imports;

import com.callimport.organizations.OrganizationId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.runner.ThreadLocalJobContext;
import org.jobrunr.storage.BackgroundJobServerStatus;
import org.jobrunr.storage.JobNotFoundException;
import org.jobrunr.storage.StorageProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Shares the job queue's workers fairly between organizations, and within one between its runs
 * (connections). JobRunr stays the queue; this decides what is in it (ADR 0007):
 * <ul>
 *   <li>A <em>turn</em> is one slice's job in the queue, queued or running, recorded in
 *       {@code import_turns}. A slice holds at most one turn.</li>
 *   <li>An organization holds at most its share of turns: the workers of every live server divided by
 *       the organizations with work, at least one. A run starting while its organization is at its share
 *       gets no turn yet; it is served when one of the organization's turns is passed on.</li>
 *   <li>A turn works its slice page by page and ends after a page when someone else waits: a queued turn
 *       of another run, or a run of its own organization that has none. The job that ends a turn passes
 *       it on in one transaction: to its own slice or run, or to the organization's run that has waited
 *       longest, and queues the new job at the back of the queue, so everyone takes turns.</li>
 *   <li>Nothing is lost in a crash: a turn whose process died mid-page is retried by JobRunr (same job);
 *       a turn committed whose job was never queued, or a running run whose organization holds no turn,
 *       is found by {@link #sweep()}, a recurring job.</li>
 * </ul>
 * Called by {@link ImportControl} when a run starts or resumes, by {@link ImportSliceJob} around its
 * pages (any worker thread), and by the recurring sweep.
 */
@Component
public class ImportTurns {
    private static final Logger log = LoggerFactory.getLogger(ImportTurns.class);
    private static final Duration WORKER_COUNT_FRESHNESS = Duration.ofSeconds(10);

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final JobScheduler jobs;
    private final StorageProvider storage;
    private final Clock clock;
    private final int ownWorkers;
    private volatile WorkerCount workers;

    ImportTurns(JdbcClient jdbc, TransactionTemplate transaction, JobScheduler jobs, StorageProvider storage, Clock clock,
                @Value("${jobrunr.background-job-server.worker-count:8}") int ownWorkers) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.jobs = jobs;
        this.storage = storage;
        this.clock = clock;
        this.ownWorkers = ownWorkers;
    }

    /** A slice's place in the queue: the JobRunr job that works it. */
    record Turn(UUID sliceId, UUID jobId) {
    }

    /** A run started or resumed: its organization takes the turns its share allows, and they are queued. */
    void open(UUID runId) {
        OrganizationId organization = new OrganizationId(jdbc.sql("SELECT organization_id FROM import_runs WHERE id = ?")
                .param(runId).query(UUID.class).single());
        queue(transaction.execute(status -> grant(organization, Optional.empty())));
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

    /** After each page: whether the turn should end because another run waits for a worker. */
    boolean othersWait(ImportRun run) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM import_turns WHERE started_at IS NULL AND run_id <> :run)
                    OR EXISTS (SELECT 1 FROM import_runs r WHERE r.organization_id = :organization AND r.id <> :run
                               AND r.state = 'RUNNING'
                               AND NOT EXISTS (SELECT 1 FROM import_turns t WHERE t.run_id = r.id)
                               AND EXISTS (SELECT 1 FROM import_slices s WHERE s.run_id = r.id AND s.state = 'PENDING'))""")
                .param("run", run.id())
                .param("organization", run.organization().value())
                .query(Boolean.class)
                .single();
    }

    /** At the end of a turn (the job returns normally): hands the turn on and queues whoever gets it. */
    void pass(UUID sliceId) {
        Optional<UUID> job = currentJob();
        queue(transaction.execute(status -> {
            Optional<OrganizationId> organization = jdbc.sql("""
                    SELECT r.organization_id FROM import_slices s JOIN import_runs r ON r.id = s.run_id WHERE s.id = ?""")
                    .param(sliceId).query(UUID.class).optional().map(OrganizationId::new);
            if (organization.isEmpty()) {
                return List.of(); // the run was deleted with its connection
            }
            lock(organization.get());
            jdbc.sql("DELETE FROM import_turns WHERE slice_id = ? AND (?::uuid IS NULL OR job_id = ?::uuid)")
                    .params(sliceId, job.orElse(null), job.orElse(null)).update();
            return grant(organization.get(), Optional.of(sliceId));
        }));
    }

    /**
     * The safety net, run every minute on one instance: queues the job of every turn that has none (its
     * process died between commit and queueing), and gives a turn to every organization with a running
     * run but no turn at all.
     */
    public void sweep() {
        List<Turn> lost = new ArrayList<>();
        for (Turn turn : jdbc.sql("SELECT slice_id, job_id FROM import_turns WHERE started_at IS NULL")
                .query((rs, row) -> new Turn(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class))).list()) {
            try {
                storage.getJobById(turn.jobId());
            } catch (JobNotFoundException missing) {
                lost.add(turn);
            }
        }
        if (!lost.isEmpty()) {
            log.warn("Queueing {} import turns whose jobs were lost", lost.size());
            queue(lost);
        }
        for (UUID organization : jdbc.sql("""
                SELECT DISTINCT r.organization_id FROM import_runs r
                WHERE r.state = 'RUNNING'
                  AND EXISTS (SELECT 1 FROM import_slices s WHERE s.run_id = r.id AND s.state = 'PENDING')
                  AND NOT EXISTS (SELECT 1 FROM import_turns t WHERE t.organization_id = r.organization_id)""")
                .query(UUID.class).list()) {
            List<Turn> granted = transaction.execute(status -> {
                lock(new OrganizationId(organization));
                return grant(new OrganizationId(organization), Optional.empty());
            });
            if (!granted.isEmpty()) {
                log.warn("Organization {} had running imports without a turn; granted {}", organization, granted.size());
            }
            queue(granted);
        }
    }

    /** For a test of the sweep: grants turns as a process would just before dying, without queueing their jobs. */
    int grantWithoutQueueing(OrganizationId organization) {
        return transaction.execute(status -> grant(organization, Optional.empty())).size();
    }

    /**
     * Inside a transaction: takes as many turns for the organization as its share allows (at least one
     * when it holds none and has work), preferring the run with the fewest turns, then the one that waited
     * longest, then the slice just worked (its vendor cursor is warm), then slices already begun.
     */
    private List<Turn> grant(OrganizationId organization, Optional<UUID> justWorked) {
        lock(organization);
        long held = jdbc.sql("SELECT count(*) FROM import_turns WHERE organization_id = ?")
                .param(organization.value()).query(Long.class).single();
        long wanted = share() - held;
        List<Turn> granted = new ArrayList<>();
        while (granted.size() < wanted) {
            Optional<Candidate> next = jdbc.sql("""
                    SELECT s.id, s.run_id FROM import_slices s JOIN import_runs r ON r.id = s.run_id
                    WHERE r.organization_id = :organization AND r.state = 'RUNNING' AND s.state = 'PENDING'
                      AND NOT EXISTS (SELECT 1 FROM import_turns t WHERE t.slice_id = s.id)
                    ORDER BY (SELECT count(*) FROM import_turns t WHERE t.run_id = s.run_id),
                             r.last_turn_at NULLS FIRST,
                             s.id = CAST(:justWorked AS uuid) DESC,
                             s.pages_done > 0 DESC,
                             s.window_from
                    LIMIT 1""")
                    .param("organization", organization.value())
                    .param("justWorked", justWorked.orElse(null))
                    .query((rs, row) -> new Candidate(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                    .optional();
            if (next.isEmpty()) {
                break;
            }
            Turn turn = new Turn(next.get().sliceId(), UUID.randomUUID());
            jdbc.sql("""
                    INSERT INTO import_turns (slice_id, run_id, organization_id, job_id, granted_at) VALUES (?, ?, ?, ?, ?)""")
                    .params(turn.sliceId(), next.get().runId(), organization.value(), turn.jobId(), now())
                    .update();
            jdbc.sql("UPDATE import_runs SET last_turn_at = ? WHERE id = ?").params(now(), next.get().runId()).update();
            granted.add(turn);
        }
        return granted;
    }

    private record Candidate(UUID sliceId, UUID runId) {
    }

    /** An organization's fair share of all workers; at least one turn, so that every organization moves. */
    private long share() {
        long organizations = jdbc.sql("""
                SELECT count(DISTINCT r.organization_id) FROM import_runs r
                WHERE r.state = 'RUNNING' AND EXISTS (SELECT 1 FROM import_slices s WHERE s.run_id = r.id AND s.state = 'PENDING')""")
                .query(Long.class).single();
        return Math.max(1, totalWorkers() / Math.max(1, organizations));
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

    /** Serializes the granting of one organization's turns, so that its share is never overdrawn. */
    private void lock(OrganizationId organization) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('import_turns'), hashtext(?::text))")
                .param(organization.value().toString()).query((rs, row) -> 1).single();
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
