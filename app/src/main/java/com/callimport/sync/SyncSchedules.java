package com.callimport.sync;

import com.callimport.calls.CallStore;
import com.callimport.connections.Connection;
import com.callimport.connections.ConnectionRestored;
import com.callimport.connections.ConnectionStatus;
import com.callimport.connections.Connections;
import com.callimport.connections.OpenSources;
import com.callimport.connector.Capability;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.DateWindow;
import com.callimport.imports.ImportControl;
import com.callimport.imports.ImportRun;
import com.callimport.imports.ImportRunState;
import com.callimport.imports.ImportRuns;
import com.callimport.organizations.OrganizationId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.jobrunr.scheduling.JobScheduler;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.support.CronExpression;
import com.callimport.webhooks.WebhookStatus;
import com.callimport.webhooks.WebhookSubscriptions;
import org.springframework.stereotype.Component;

/**
 * Which connections sync, how often, and how each is doing. The schedule row is ours; the recurring job
 * is JobRunr's, persisted in the same database, so schedules survive restarts and run on whichever
 * instance is free.
 */
@Component
public class SyncSchedules {
    private final JdbcClient jdbc;
    private final Connections connections;
    private final OpenSources sources;
    private final ImportRuns runs;
    private final ImportControl control;
    private final CallStore calls;
    private final JobScheduler jobs;
    private final ConnectionSyncJob syncJob;
    private final WebhookSubscriptions webhooks;
    private final Clock clock;

    SyncSchedules(JdbcClient jdbc, Connections connections, OpenSources sources, ImportRuns runs, ImportControl control,
                  CallStore calls, JobScheduler jobs, @Lazy ConnectionSyncJob syncJob, WebhookSubscriptions webhooks, Clock clock) {
        this.jdbc = jdbc;
        this.connections = connections;
        this.sources = sources;
        this.runs = runs;
        this.control = control;
        this.calls = calls;
        this.jobs = jobs;
        this.syncJob = syncJob;
        this.webhooks = webhooks;
        this.clock = clock;
    }

    record Schedule(UUID connectionId, OrganizationId organization, SyncFrequency frequency, boolean paused, String lastPassError,
                    Instant restoredAt) {
    }

    /** The connection works again (new credentials tested, a new sign-in): the errors of earlier passes are history. */
    @EventListener
    void restored(ConnectionRestored restored) {
        jdbc.sql("UPDATE sync_schedules SET last_pass_error = NULL, restored_at = ? WHERE connection_id = ? AND organization_id = ?")
                .params(restored.at().atOffset(ZoneOffset.UTC), restored.connectionId(), restored.organization().value())
                .update();
    }

    /** A pass got started: an error from before it no longer describes the sync. */
    void clearPassError(UUID connectionId) {
        jdbc.sql("UPDATE sync_schedules SET last_pass_error = NULL WHERE connection_id = ? AND last_pass_error IS NOT NULL")
                .param(connectionId).update();
    }

    Optional<Schedule> find(UUID connectionId) {
        return jdbc.sql("""
                SELECT connection_id, organization_id, frequency, paused, last_pass_error, restored_at FROM sync_schedules
                WHERE connection_id = ?""")
                .param(connectionId)
                .query((rs, row) -> new Schedule(rs.getObject(1, UUID.class), new OrganizationId(rs.getObject(2, UUID.class)),
                        SyncFrequency.valueOf(rs.getString(3)), rs.getBoolean(4), rs.getString(5),
                        rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant()))
                .optional();
    }

    /**
     * Turns on (or changes) a connection's ongoing sync, optionally importing its recent history first.
     *
     * @param historyDays days of history to import at set-up, e.g. 90; null or 0 for none
     */
    public SyncStatus configure(OrganizationId organization, UUID connectionId, SyncFrequency frequency, Integer historyDays)
            throws ConnectorException, InterruptedException {
        Connection connection = connections.get(organization, connectionId);
        if (!sources.connectorOf(organization, connectionId).capabilities().contains(Capability.ONGOING_SYNC)) {
            throw new IllegalArgumentException("frequency: " + connection.platform() + " connections support one-off imports only, "
                    + "not ongoing sync");
        }
        if (historyDays != null && (historyDays < 0 || historyDays > 730)) {
            throw new IllegalArgumentException("historyDays: import 0 to 730 days of history at set-up, not " + historyDays);
        }
        if (frequency == SyncFrequency.NEAR_REAL_TIME) {
            webhooks.requireAvailable(organization, connectionId);
        }
        Instant now = Instant.now(clock);
        jdbc.sql("""
                INSERT INTO sync_schedules (connection_id, organization_id, frequency, paused, created_at, updated_at)
                VALUES (?, ?, ?, false, ?, ?)
                ON CONFLICT (connection_id) DO UPDATE SET frequency = EXCLUDED.frequency, paused = false, updated_at = EXCLUDED.updated_at""")
                .params(connectionId, organization.value(), frequency.name(), now.atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC))
                .update();
        jobs.scheduleRecurrently(recurringJobId(connectionId), frequency.cron(), () -> syncJob.sync(connectionId));
        if (frequency == SyncFrequency.NEAR_REAL_TIME) {
            webhooks.want(organization, connectionId);
        } else {
            webhooks.unwant(organization, connectionId);
        }
        if (historyDays != null && historyDays > 0 && runs.highWaterMark(connectionId).isEmpty()) {
            ImportRun history = control.create(organization, connectionId,
                    new DateWindow(now.minus(Duration.ofDays(historyDays)), now));
            control.start(organization, history.id());
        }
        return status(organization, connectionId);
    }

    /** Pausing also ends a near real-time connection's webhook subscription; resuming makes a new one. */
    public void pause(OrganizationId organization, UUID connectionId, boolean paused) throws InterruptedException {
        connections.get(organization, connectionId);
        Schedule schedule = requireSchedule(connectionId);
        jdbc.sql("UPDATE sync_schedules SET paused = ?, updated_at = ? WHERE connection_id = ?")
                .params(paused, Instant.now(clock).atOffset(ZoneOffset.UTC), connectionId)
                .update();
        if (paused) {
            webhooks.unwant(organization, connectionId);
        } else if (schedule.frequency() == SyncFrequency.NEAR_REAL_TIME) {
            webhooks.want(organization, connectionId);
        }
    }

    public void stop(OrganizationId organization, UUID connectionId) throws InterruptedException {
        connections.get(organization, connectionId);
        requireSchedule(connectionId);
        jdbc.sql("DELETE FROM sync_schedules WHERE connection_id = ?").param(connectionId).update();
        jobs.deleteRecurringJob(recurringJobId(connectionId));
        webhooks.unwant(organization, connectionId);
    }

    /** Ends the connection's ongoing sync if it has one: the recurring pass and any vendor subscription. */
    public void stopIfScheduled(OrganizationId organization, UUID connectionId) throws InterruptedException {
        if (find(connectionId).isPresent()) {
            stop(organization, connectionId);
        }
    }

    /**
     * Starts a pass now.
     *
     * @throws ConnectorException.AuthenticationFailed when the vendor refuses the connection: what to do to reconnect
     * @throws PassNotStarted when the sync is paused, a run of the connection is still going, or the vendor is out of reach
     */
    public ImportRun syncNow(OrganizationId organization, UUID connectionId) throws ConnectorException, InterruptedException {
        connections.get(organization, connectionId);
        Schedule schedule = requireSchedule(connectionId);
        if (schedule.paused()) {
            throw new PassNotStarted("no pass started: the sync is paused; resume it with POST /api/connections/" + connectionId
                    + "/sync/resume");
        }
        // before the running-run check: the run that met the refusal may still be moving to PAUSED, and the refusal is
        // what the customer must act on
        Connection before = connections.get(organization, connectionId);
        if (before.status() == ConnectionStatus.NEEDS_ATTENTION) {
            // a pass would only meet the same refusal: say what to do instead of starting one
            throw new ConnectorException.AuthenticationFailed("no pass started: the connection needs re-authentication. "
                    + before.statusDetail());
        }
        if (runs.hasActiveRun(connectionId)) {
            throw new PassNotStarted("no pass started: a run of this connection is still going (GET /api/import-runs); "
                    + "the next pass starts after it");
        }
        Optional<ImportRun> started = syncJob.passNow(connectionId);
        if (started.isPresent()) {
            return started.get();
        }
        Connection now = connections.get(organization, connectionId);
        if (now.status() == ConnectionStatus.NEEDS_ATTENTION) {
            throw new ConnectorException.AuthenticationFailed("no pass started: the connection needs re-authentication. "
                    + now.statusDetail());
        }
        throw new PassNotStarted("no pass started: " + find(connectionId).map(Schedule::lastPassError)
                .orElse("a run of this connection is still going") + "; try again later");
    }

    /** A pass could not be started now, for a reason the customer reads. */
    public static final class PassNotStarted extends RuntimeException {
        PassNotStarted(String message) {
            super(message);
        }
    }

    /** The sync's status, or empty when the connection has no ongoing sync (never turned on, or stopped). */
    public Optional<SyncStatus> statusIfScheduled(OrganizationId organization, UUID connectionId) {
        connections.get(organization, connectionId);
        return find(connectionId).filter(schedule -> schedule.organization().equals(organization))
                .map(schedule -> status(organization, connectionId));
    }

    public SyncStatus status(OrganizationId organization, UUID connectionId) {
        Connection connection = connections.get(organization, connectionId);
        Schedule schedule = requireSchedule(connectionId);
        Optional<ImportRun> lastSuccess = runs.latestSucceeded(connectionId, ImportRun.Kind.SYNC)
                .or(() -> runs.latestSucceeded(connectionId, ImportRun.Kind.BACKFILL));
        Optional<ImportRun> latestPass = runs.latest(connectionId, ImportRun.Kind.SYNC);
        String lastError = latestPass
                .filter(run -> run.state() == ImportRunState.FAILED || run.state() == ImportRunState.PAUSED)
                .filter(run -> schedule.restoredAt() == null
                        || Optional.ofNullable(run.finishedAt()).orElse(run.createdAt()).isAfter(schedule.restoredAt()))
                .map(ImportRun::stateReason)
                .orElse(schedule.lastPassError());
        WebhookStatus webhook = webhooks.status(connectionId).orElse(null);
        boolean webhookFailing = lastError == null && webhook != null && webhook.state().equals("FAILING");
        if (webhookFailing) {
            lastError = "Near real-time notifications are not arriving: " + webhook.lastError();
        }
        String state;
        String remediation = null;
        if (connection.status() == ConnectionStatus.NEEDS_ATTENTION) {
            state = "NEEDS_REAUTHENTICATION";
            remediation = connection.statusDetail();
        } else if (schedule.paused()) {
            state = "PAUSED";
        } else if (lastError != null) {
            state = "FAILING";
            remediation = webhookFailing ? webhook.remediation()
                    : "The next pass retries on its own; if this persists, test the connection.";
        } else {
            state = "ACTIVE";
        }
        Instant nextSync = schedule.paused() ? null
                : CronExpression.parse("0 " + schedule.frequency().cron()).next(Instant.now(clock).atZone(ZoneOffset.UTC)).toInstant();
        return new SyncStatus(connectionId.toString(), state, schedule.frequency(), lastSuccess.map(ImportRun::finishedAt).orElse(null),
                calls.countByConnection(organization, connectionId),
                latestPass.filter(run -> run.state() == ImportRunState.SUCCEEDED)
                        .map(run -> run.counts().imported() + run.counts().updated()).orElse(null),
                nextSync, lastError, remediation, webhook);
    }

    private Schedule requireSchedule(UUID connectionId) {
        return find(connectionId).orElseThrow(() -> new IllegalArgumentException(
                "connection " + connectionId + " has no ongoing sync; turn it on with PUT /api/connections/" + connectionId + "/sync"));
    }

    static String recurringJobId(UUID connectionId) {
        return "sync-" + connectionId;
    }
}
