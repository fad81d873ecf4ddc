package com.callimport.sync;

import com.callimport.connections.OpenSources;
import com.callimport.connector.Connector;
import com.callimport.connector.DateWindow;
import com.callimport.imports.ImportControl;
import com.callimport.imports.ImportRun;
import com.callimport.imports.ImportRuns;
import com.callimport.organizations.OrganizationId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jobrunr.jobs.annotations.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One pass of a connection's ongoing sync, started by its JobRunr recurring job (or on demand): an
 * import run of kind SYNC over [high-water mark − the connector's lookback, now). The lookback re-reads
 * calls the vendor completes late (a recording attached after the call); the idempotent upsert turns
 * the overlap into "unchanged" or "updated", never a duplicate. Public for JobRunr.
 */
@Component
public class ConnectionSyncJob {
    private static final Logger log = LoggerFactory.getLogger(ConnectionSyncJob.class);
    // a first pass without any earlier run looks back a day
    private static final Duration FIRST_PASS = Duration.ofDays(1);

    private final SyncSchedules schedules;
    private final ImportRuns runs;
    private final ImportControl control;
    private final OpenSources sources;
    private final Clock clock;

    ConnectionSyncJob(SyncSchedules schedules, ImportRuns runs, ImportControl control, OpenSources sources, Clock clock) {
        this.schedules = schedules;
        this.runs = runs;
        this.control = control;
        this.sources = sources;
        this.clock = clock;
    }

    @Job(name = "Sync connection %0")
    public void sync(UUID connectionId) throws InterruptedException {
        passNow(connectionId);
    }

    /** Starts a pass unless the schedule is gone or paused or another run of the connection is still going. */
    public Optional<ImportRun> passNow(UUID connectionId) throws InterruptedException {
        Optional<SyncSchedules.Schedule> schedule = schedules.find(connectionId);
        if (schedule.isEmpty() || schedule.get().paused()) {
            return Optional.empty();
        }
        if (runs.hasActiveRun(connectionId)) {
            log.info("Sync of connection {} skipped: its previous run is still going", connectionId);
            return Optional.empty();
        }
        OrganizationId organization = schedule.get().organization();
        Connector connector = sources.connectorOf(organization, connectionId);
        Instant now = Instant.now(clock);
        Instant from = runs.highWaterMark(connectionId).map(mark -> mark.minus(connector.syncLookback()))
                .orElse(now.minus(FIRST_PASS));
        if (!from.isBefore(now)) {
            from = now.minus(connector.syncLookback());
        }
        ImportRun run = control.create(organization, connectionId, ImportRun.Kind.SYNC, new DateWindow(from, now));
        schedules.clearPassError(connectionId);
        return Optional.of(control.start(organization, run.id()));
    }
}
