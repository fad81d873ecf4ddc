package com.callimport.alerts;

import com.callimport.organizations.OrganizationId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Evaluates the rules and keeps the {@code alerts} table in step: opens an alert for a new finding, claims a reminder for
 * one still open after the reminder interval, resolves one whose cause cleared, and notifies exactly for those.
 *
 * <p>Every instance calls {@link #evaluate()} on its own schedule. One evaluation at a time holds a PostgreSQL advisory
 * lock (others skip that round), and each notice is owned by the row change that caused it: the insert that opened the
 * alert (a unique index allows one open alert per connection and cause), the update that claimed the reminder, the update
 * that resolved it. So two instances never send the same notice. Notices go out after the commit; one lost in a crash
 * between the two is sent again with the next reminder.
 */
@Component
public class Alerts {
    private static final long EVALUATION_LOCK = 0x616c65727473L; // "alerts"

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final AlertRules rules;
    private final AlertNotices notices;
    private final AlertProperties properties;
    private final Clock clock;

    Alerts(JdbcClient jdbc, TransactionTemplate transaction, AlertRules rules, AlertNotices notices, AlertProperties properties,
           Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.rules = rules;
        this.notices = notices;
        this.properties = properties;
        this.clock = clock;
    }

    /** What one evaluation did; {@code skipped} when another instance was evaluating at the same moment. */
    public record Evaluation(boolean skipped, int opened, int reminded, int resolved, int stillOpen) {
    }

    public Evaluation evaluate() {
        Instant now = Instant.now(clock);
        List<AlertNotices.Notice> toSend = new ArrayList<>();
        Evaluation evaluation = transaction.execute(status -> {
            boolean locked = jdbc.sql("SELECT pg_try_advisory_xact_lock(?)").param(EVALUATION_LOCK).query(Boolean.class).single();
            if (!locked) {
                return new Evaluation(true, 0, 0, 0, 0);
            }
            int opened = 0;
            int reminded = 0;
            int resolved = 0;
            Set<String> found = new HashSet<>();
            for (Finding finding : rules.findings(now)) {
                if (!found.add(finding.connectionId() + "/" + finding.cause())) {
                    continue;
                }
                Optional<Alert> newlyOpened = open(finding, now);
                if (newlyOpened.isPresent()) {
                    toSend.add(new AlertNotices.Notice(AlertNotices.Kind.OPENED, newlyOpened.get()));
                    opened++;
                    continue;
                }
                Optional<Alert> reminder = claimReminder(finding, now);
                if (reminder.isPresent()) {
                    toSend.add(new AlertNotices.Notice(AlertNotices.Kind.REMINDER, reminder.get()));
                    reminded++;
                }
            }
            for (Alert open : openAlerts()) {
                if (!found.contains(open.connectionId() + "/" + open.cause())) {
                    Optional<Alert> cleared = resolve(open.id(), now);
                    if (cleared.isPresent()) {
                        toSend.add(new AlertNotices.Notice(AlertNotices.Kind.RESOLVED, cleared.get()));
                        resolved++;
                    }
                }
            }
            return new Evaluation(false, opened, reminded, resolved, found.size());
        });
        toSend.forEach(notices::send);
        return evaluation;
    }

    /** An organization's alerts, newest first: the open ones and those resolved lately. */
    public List<Alert> of(OrganizationId organization, int limit) {
        return jdbc.sql("SELECT * FROM alerts WHERE organization_id = ? ORDER BY opened_at DESC LIMIT ?")
                .params(organization.value(), limit).query(Alerts::alert).list();
    }

    private Optional<Alert> open(Finding finding, Instant now) {
        return jdbc.sql("""
                INSERT INTO alerts (id, organization_id, connection_id, cause, detail, fix_path, opened_at, last_seen_at, last_notified_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (connection_id, cause) WHERE resolved_at IS NULL DO NOTHING
                RETURNING *""")
                .params(UUID.randomUUID(), finding.organization().value(), finding.connectionId(), finding.cause().name(),
                        finding.detail(), finding.fixPath(), at(now), at(now), at(now))
                .query(Alerts::alert)
                .optional();
    }

    /** Refreshes the open alert's detail; claims its reminder when the last notice is a reminder interval old. */
    private Optional<Alert> claimReminder(Finding finding, Instant now) {
        Optional<Alert> claimed = jdbc.sql("""
                UPDATE alerts SET detail = ?, fix_path = ?, last_seen_at = ?, last_notified_at = ?, notifications = notifications + 1
                WHERE connection_id = ? AND cause = ? AND resolved_at IS NULL AND last_notified_at <= ?
                RETURNING *""")
                .params(finding.detail(), finding.fixPath(), at(now), at(now), finding.connectionId(), finding.cause().name(),
                        at(now.minus(properties.reminderInterval())))
                .query(Alerts::alert)
                .optional();
        if (claimed.isEmpty()) {
            jdbc.sql("UPDATE alerts SET detail = ?, fix_path = ?, last_seen_at = ? WHERE connection_id = ? AND cause = ? AND resolved_at IS NULL")
                    .params(finding.detail(), finding.fixPath(), at(now), finding.connectionId(), finding.cause().name())
                    .update();
        }
        return claimed;
    }

    private List<Alert> openAlerts() {
        return jdbc.sql("SELECT * FROM alerts WHERE resolved_at IS NULL").query(Alerts::alert).list();
    }

    private Optional<Alert> resolve(UUID id, Instant now) {
        return jdbc.sql("UPDATE alerts SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL RETURNING *")
                .params(at(now), id).query(Alerts::alert).optional();
    }

    private static java.time.OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Alert alert(ResultSet rs, int row) throws SQLException {
        return new Alert(rs.getObject("id", UUID.class), new OrganizationId(rs.getObject("organization_id", UUID.class)),
                rs.getObject("connection_id", UUID.class), AlertCause.valueOf(rs.getString("cause")), rs.getString("detail"),
                rs.getString("fix_path"), rs.getTimestamp("opened_at").toInstant(), rs.getTimestamp("last_notified_at").toInstant(),
                rs.getInt("notifications"), rs.getTimestamp("resolved_at") == null ? null : rs.getTimestamp("resolved_at").toInstant());
    }
}
