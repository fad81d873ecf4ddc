package com.callimport.imports;

import com.callimport.connector.CallCount;
import com.callimport.connector.DateWindow;
import com.callimport.imports.ImportRun.Counts;
import com.callimport.organizations.OrganizationId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Import runs, their slices and their event log in PostgreSQL; every read by a customer is scoped to its organization. */
@Component
public class ImportRuns {
    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    ImportRuns(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
    }

    @Transactional
    public ImportRun create(OrganizationId organization, UUID connectionId, ImportRun.Kind kind, DateWindow window,
                            List<DateWindow> slices, OptionalLong expectedCalls) {
        return create(organization, connectionId, kind, window, slices, expectedCalls, true, OptionalLong.empty());
    }

    /**
     * @param expectedCallsExact   whether the vendor's count is exact, or only a lower bound ("at least")
     * @param expectedCallRequests the per-call vendor requests the count saw, for the estimate of the time left
     */
    @Transactional
    public ImportRun create(OrganizationId organization, UUID connectionId, ImportRun.Kind kind, DateWindow window,
                            List<DateWindow> slices, OptionalLong expectedCalls, boolean expectedCallsExact,
                            OptionalLong expectedCallRequests) {
        UUID id = UUID.randomUUID();
        OffsetDateTime now = now();
        jdbc.sql("""
                INSERT INTO import_runs (id, organization_id, connection_id, kind, window_from, window_to, state, expected_calls,
                                         expected_calls_exact, expected_call_requests, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, organization.value(), connectionId, kind.name(), utc(window.from()), utc(window.to()),
                        ImportRunState.QUEUED.name(), expectedCalls.isPresent() ? expectedCalls.getAsLong() : null,
                        expectedCallsExact, expectedCallRequests.isPresent() ? expectedCallRequests.getAsLong() : null, now)
                .update();
        insertSlices(id, slices, now);
        record(id, "CREATED", (kind == ImportRun.Kind.SYNC ? "sync pass over " : "import of ") + window.from() + " to " + window.to() + (slices.isEmpty()
                ? ", planned once the vendor's count is in" : " in " + slices.size() + " slices")
                + expectedCalls.stream().mapToObj(calls -> "; the vendor reports " + (expectedCallsExact ? "" : "at least ") + calls
                        + " calls").findFirst().orElse(""));
        return get(organization, id);
    }

    /**
     * Plans a run that was created without a count, once: false when it has its slices already (a repeated or
     * raced planning job). The run's row lock orders two planners.
     */
    @Transactional
    public boolean planIfUnplanned(UUID runId, List<DateWindow> slices) {
        jdbc.sql("SELECT id FROM import_runs WHERE id = ? FOR UPDATE").param(runId).query(UUID.class).single();
        boolean planned = jdbc.sql("SELECT EXISTS (SELECT 1 FROM import_slices WHERE run_id = ?)").param(runId)
                .query(Boolean.class).single();
        if (planned) {
            return false;
        }
        insertSlices(runId, slices, now());
        record(runId, "PLANNED", "planned in " + slices.size() + " slices from the vendor's count");
        return true;
    }

    // one statement for the whole plan: a row at a time took seconds for a ten-year window of daily slices
    private void insertSlices(UUID runId, List<DateWindow> slices, OffsetDateTime now) {
        jdbc.sql("""
                INSERT INTO import_slices (id, run_id, window_from, window_to, state, position, updated_at)
                SELECT slice.id::uuid, ?, slice.window_from::timestamptz, slice.window_to::timestamptz, 'PENDING', '', ?
                FROM unnest(?::text[], ?::text[], ?::text[]) AS slice (id, window_from, window_to)""")
                .params(runId, now, slices.stream().map(slice -> UUID.randomUUID().toString()).toArray(String[]::new),
                        slices.stream().map(slice -> slice.from().toString()).toArray(String[]::new),
                        slices.stream().map(slice -> slice.to().toString()).toArray(String[]::new))
                .update();
    }

    public Optional<ImportRun> find(OrganizationId organization, UUID id) {
        return jdbc.sql("SELECT * FROM import_runs WHERE organization_id = ? AND id = ?")
                .params(organization.value(), id)
                .query(ImportRuns::run)
                .optional();
    }

    public ImportRun get(OrganizationId organization, UUID id) {
        return find(organization, id).orElseThrow(() -> new ImportRunNotFound(id));
    }

    /** For the engine's own jobs, which act on behalf of whichever organization owns the run. */
    ImportRun getUnscoped(UUID id) {
        return jdbc.sql("SELECT * FROM import_runs WHERE id = ?").param(id).query(ImportRuns::run).single();
    }

    /** The run's state as committed now; read before every vendor request of its workers. */
    ImportRunState stateOf(UUID id) {
        return ImportRunState.valueOf(jdbc.sql("SELECT state FROM import_runs WHERE id = ?").param(id).query(String.class).single());
    }

    /** The run's state, locked until the caller's transaction ends, so that no pause or cancel slips past a page's commit. */
    ImportRunState lockState(UUID id) {
        return ImportRunState.valueOf(jdbc.sql("SELECT state FROM import_runs WHERE id = ? FOR UPDATE").param(id).query(String.class).single());
    }

    /** Sets the vendor's count of the run's calls, once, when it was not known at creation. */
    void expect(UUID id, CallCount count) {
        if (jdbc.sql("""
                UPDATE import_runs SET expected_calls = ?, expected_calls_exact = ?, expected_call_requests = ?
                WHERE id = ? AND expected_calls IS NULL""")
                .params(count.calls(), count.exact(), count.callRequests().isPresent() ? count.callRequests().getAsLong() : null, id)
                .update() == 1) {
            record(id, "COUNTED", "the vendor reports " + (count.exact() ? "" : "at least ") + count.calls() + " calls in the window");
        }
    }

    /** The end of the latest window a connection imported completely: where its next sync pass picks up. */
    public Optional<Instant> highWaterMark(UUID connectionId) {
        return jdbc.sql("SELECT max(window_to) FROM import_runs WHERE connection_id = ? AND state = 'SUCCEEDED'")
                .param(connectionId)
                .query((rs, row) -> Optional.ofNullable(instant(rs, "max")))
                .single();
    }

    /** The connection's newest run of a kind, if any. */
    public Optional<ImportRun> latest(UUID connectionId, ImportRun.Kind kind) {
        return jdbc.sql("SELECT * FROM import_runs WHERE connection_id = ? AND kind = ? ORDER BY created_at DESC LIMIT 1")
                .params(connectionId, kind.name())
                .query(ImportRuns::run)
                .optional();
    }

    /** The connection's newest successful run of a kind, if any. */
    public Optional<ImportRun> latestSucceeded(UUID connectionId, ImportRun.Kind kind) {
        return jdbc.sql("""
                SELECT * FROM import_runs WHERE connection_id = ? AND kind = ? AND state = 'SUCCEEDED'
                ORDER BY finished_at DESC LIMIT 1""")
                .params(connectionId, kind.name())
                .query(ImportRuns::run)
                .optional();
    }

    /** Whether the connection has a run that is queued or running, which a new sync pass must not overlap. */
    public boolean hasActiveRun(UUID connectionId) {
        return jdbc.sql("SELECT count(*) FROM import_runs WHERE connection_id = ? AND state IN ('QUEUED', 'RUNNING')")
                .param(connectionId)
                .query(Long.class)
                .single() > 0;
    }

    /** The latest runs of a platform, any organization, that succeeded having listed calls; for calibrating estimates. */
    public List<ImportRun> recentFinished(String platform, int limit) {
        return jdbc.sql("""
                SELECT r.* FROM import_runs r JOIN connections c ON c.id = r.connection_id
                WHERE c.platform = ? AND r.state = 'SUCCEEDED' AND r.listed_calls > 0
                ORDER BY r.finished_at DESC LIMIT ?""")
                .params(platform, limit)
                .query(ImportRuns::run)
                .list();
    }

    public List<ImportRun> list(OrganizationId organization, Optional<UUID> connectionId) {
        return jdbc.sql("""
                SELECT * FROM import_runs WHERE organization_id = ? AND (?::uuid IS NULL OR connection_id = ?::uuid)
                ORDER BY created_at DESC LIMIT 200""")
                .params(organization.value(), connectionId.orElse(null), connectionId.orElse(null))
                .query(ImportRuns::run)
                .list();
    }

    /**
     * Moves a run to {@code next} on the customer's (or the API's) word, if its table allows it from the current
     * state; the row lock makes concurrent moves (a customer's pause, a worker's completion) happen one after the other.
     *
     * @throws IllegalTransition when the current state does not allow the move
     */
    @Transactional
    public ImportRun transition(UUID id, ImportRunState next, String reason) {
        return move(id, next, reason, false);
    }

    private ImportRun move(UUID id, ImportRunState next, String reason, boolean byEngine) {
        ImportRunState current = ImportRunState.valueOf(jdbc.sql("SELECT state FROM import_runs WHERE id = ? FOR UPDATE")
                .param(id).query(String.class).single());
        if (!current.canMoveTo(next)) {
            throw new IllegalTransition(id, current, next);
        }
        OffsetDateTime now = now();
        jdbc.sql("""
                UPDATE import_runs SET state = ?, state_reason = ?,
                    started_at = CASE WHEN ? = 'RUNNING' THEN coalesce(started_at, ?) ELSE started_at END,
                    running_seconds = running_seconds + CASE WHEN running_since IS NULL THEN 0
                                      ELSE extract(epoch FROM (?::timestamptz - running_since)) END,
                    running_since = CASE WHEN ? = 'RUNNING' THEN ?::timestamptz ELSE NULL END,
                    finished_at = CASE WHEN ? IN ('SUCCEEDED', 'CANCELLED', 'FAILED') THEN ?::timestamptz ELSE NULL END
                WHERE id = ?""")
                .params(next.name(), reason, next.name(), now, now, next.name(), now, next.name(), now, id)
                .update();
        long event = record(id, next.name(), reason == null ? "run is " + next.name().toLowerCase() : reason);
        ImportRun moved = getUnscoped(id);
        // a pause the customer asked for needs no news; one the engine made waits for them to act
        if (next == ImportRunState.SUCCEEDED || next == ImportRunState.FAILED || (next == ImportRunState.PAUSED && byEngine)) {
            events.publishEvent(new ImportRunOutcome(moved.organization(), id, event, next, reason, now.toInstant()));
        }
        return moved;
    }

    /**
     * The engine's own move (a worker's completion, pause or failure): to {@code next} only if the run is currently
     * {@code expected}; false when someone else moved it first.
     */
    @Transactional
    public boolean transitionIf(UUID id, ImportRunState expected, ImportRunState next, String reason) {
        String current = jdbc.sql("SELECT state FROM import_runs WHERE id = ? FOR UPDATE").param(id).query(String.class).single();
        if (!current.equals(expected.name())) {
            return false;
        }
        move(id, next, reason, true);
        return true;
    }

    /** The person who started the run in the web app; empty for a run started with an API token or by a schedule. */
    public Optional<UUID> startedBy(UUID runId) {
        return jdbc.sql("SELECT started_by_user_id FROM import_runs WHERE id = ?").param(runId)
                .query((rs, row) -> Optional.ofNullable(rs.getObject(1, UUID.class))).single();
    }

    /** Records who started the run, for its emails; the person must belong to the run's organization. */
    public void startedBy(OrganizationId organization, UUID runId, UUID personId) {
        jdbc.sql("""
                UPDATE import_runs SET started_by_user_id = ? WHERE id = ? AND organization_id = ?
                  AND EXISTS (SELECT 1 FROM users WHERE id = ? AND organization_id = ?)""")
                .params(personId, runId, organization.value(), personId, organization.value())
                .update();
    }

    /** How many of a run's calls were skipped or failed for each reason, most frequent first. */
    public List<ExclusionCount> exclusionCounts(OrganizationId organization, UUID runId) {
        get(organization, runId);
        return jdbc.sql("""
                SELECT kind, reason, count(*) FROM import_exclusions WHERE run_id = ?
                GROUP BY kind, reason ORDER BY count(*) DESC, reason LIMIT 50""")
                .param(runId)
                .query((rs, row) -> new ExclusionCount(rs.getString(1), rs.getString(2), rs.getLong(3)))
                .list();
    }

    /** One reason calls were skipped or failed, and how many. */
    public record ExclusionCount(String kind, String reason, long calls) {
    }

    /** Adds a committed page's outcome to the run; called inside the page's transaction. */
    void addCounts(UUID id, Counts counts, long rateLimitWaits) {
        jdbc.sql("""
                UPDATE import_runs SET listed_calls = listed_calls + ?, imported_calls = imported_calls + ?,
                    updated_calls = updated_calls + ?, unchanged_calls = unchanged_calls + ?,
                    skipped_calls = skipped_calls + ?, failed_calls = failed_calls + ?, rate_limit_waits = rate_limit_waits + ?
                WHERE id = ?""")
                .params(counts.listed(), counts.imported(), counts.updated(), counts.unchanged(), counts.skipped(),
                        counts.failed(), rateLimitWaits, id)
                .update();
    }

    /** Adds requests a run's workers sent to the vendor, the measure of its progress while a page is in flight. */
    void addVendorRequests(UUID id, long requests) {
        jdbc.sql("UPDATE import_runs SET vendor_requests = vendor_requests + ? WHERE id = ?").params(requests, id).update();
    }

    /** Records a skipped or failed call once per run and kind; 1 when it was new, 0 when already recorded. */
    long exclude(UUID runId, String vendorCallId, String kind, String reason) {
        return jdbc.sql("""
                INSERT INTO import_exclusions (run_id, vendor_call_id, kind, reason, recorded_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""")
                .params(runId, vendorCallId, kind, reason, now())
                .update();
    }

    /** Ends a running run whose slices are all done, with its final counts as the reason. */
    void complete(UUID id) {
        ImportRun run = getUnscoped(id);
        Counts counts = run.counts();
        transitionIf(id, ImportRunState.RUNNING, ImportRunState.SUCCEEDED, "import complete: " + counts.listed() + " calls listed; "
                + counts.imported() + " imported, " + counts.updated() + " updated, " + counts.unchanged() + " unchanged, "
                + counts.skipped() + " skipped, " + counts.failed() + " failed");
    }

    /** Adds an entry to the run's event log; returns its id. */
    public long record(UUID runId, String kind, String message) {
        return jdbc.sql("INSERT INTO import_events (run_id, occurred_at, kind, message) VALUES (?, ?, ?, ?) RETURNING id")
                .params(runId, now(), kind, message)
                .query(Long.class)
                .single();
    }

    public List<ImportEvent> events(OrganizationId organization, UUID runId) {
        get(organization, runId);
        return jdbc.sql("SELECT occurred_at, kind, message FROM import_events WHERE run_id = ? ORDER BY id")
                .param(runId)
                .query((rs, row) -> new ImportEvent(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3)))
                .list();
    }

    /** The run's latest events, newest first; for followers of its progress, who have checked the run is theirs. */
    public List<ImportEvent> latestEvents(UUID runId, int limit) {
        return jdbc.sql("SELECT occurred_at, kind, message FROM import_events WHERE run_id = ? ORDER BY id DESC LIMIT ?")
                .params(runId, limit)
                .query((rs, row) -> new ImportEvent(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3)))
                .list();
    }

    public List<Exclusion> exclusions(OrganizationId organization, UUID runId) {
        get(organization, runId);
        return jdbc.sql("SELECT vendor_call_id, kind, reason FROM import_exclusions WHERE run_id = ? ORDER BY recorded_at, vendor_call_id")
                .param(runId)
                .query((rs, row) -> new Exclusion(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    public record ImportEvent(Instant at, String kind, String message) {
    }

    /** A call the run skipped or failed, with the reason. */
    public record Exclusion(String vendorCallId, String kind, String reason) {
    }

    private OffsetDateTime now() {
        return utc(Instant.now(clock));
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static OptionalLong optionalLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
    }

    static ImportRun run(ResultSet rs, int row) throws SQLException {
        long expected = rs.getLong("expected_calls");
        OptionalLong expectedCalls = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(expected);
        return new ImportRun(
                rs.getObject("id", UUID.class),
                new OrganizationId(rs.getObject("organization_id", UUID.class)),
                rs.getObject("connection_id", UUID.class),
                ImportRun.Kind.valueOf(rs.getString("kind")),
                new DateWindow(instant(rs, "window_from"), instant(rs, "window_to")),
                ImportRunState.valueOf(rs.getString("state")),
                rs.getString("state_reason"),
                expectedCalls,
                rs.getBoolean("expected_calls_exact"),
                optionalLong(rs, "expected_call_requests"),
                new Counts(rs.getLong("listed_calls"), rs.getLong("imported_calls"), rs.getLong("updated_calls"),
                        rs.getLong("unchanged_calls"), rs.getLong("skipped_calls"), rs.getLong("failed_calls")),
                rs.getLong("rate_limit_waits"),
                rs.getLong("vendor_requests"),
                instant(rs, "created_at"),
                instant(rs, "started_at"),
                instant(rs, "running_since"),
                rs.getDouble("running_seconds"),
                instant(rs, "finished_at"));
    }

    public static final class ImportRunNotFound extends RuntimeException {
        public ImportRunNotFound(UUID id) {
            super("no import run " + id + " in this organization");
        }
    }

    /** A lifecycle move the run's current state does not allow. */
    public static final class IllegalTransition extends RuntimeException {
        public IllegalTransition(UUID id, ImportRunState from, ImportRunState to) {
            super("import run " + id + " is " + from + " and cannot become " + to
                    + (from.isFinal() ? "; it has ended, start a new run instead" : "; from " + from + " it can become " + from.allowedNext()));
        }
    }
}
