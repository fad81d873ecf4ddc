package com.callimport.staffconsole;

import com.callimport.catalog.PlatformCatalog;
import com.callimport.catalog.PlatformEntry;
import com.callimport.connections.ConnectionStatus;
import com.callimport.organizations.OrganizationId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Every connection of every organization with its health, for staff only: one query over the connections, their
 * sync schedules, latest runs and webhook subscriptions, then {@link ConnectionHealth#of} per row.
 */
@Component
public class StaffConnections {
    private final JdbcClient jdbc;
    private final PlatformCatalog catalog;
    private final Clock clock;

    StaffConnections(JdbcClient jdbc, PlatformCatalog catalog, Clock clock) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** What a staff person narrows the list by; each empty means "all". */
    public record Filter(Optional<String> platform, Optional<ConnectionHealth> health, Optional<OrganizationId> organization) {
        public static final Filter ALL = new Filter(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * One connection as the console lists it.
     *
     * @param mode e.g. "Hourly sync" or "One-off imports"
     * @param why  the sentence that explains the health
     */
    public record ConnectionRow(UUID id, OrganizationId organization, String organizationName, String platform, String platformName,
                                String name, String mode, ConnectionHealth health, String why, Instant lastSuccessAt,
                                Instant latestRunAt) {
    }

    public List<ConnectionRow> list(Filter filter) {
        Instant now = Instant.now(clock);
        UUID organization = filter.organization().map(OrganizationId::value).orElse(null);
        String platform = filter.platform().orElse(null);
        return jdbc.sql("""
                SELECT c.id, c.organization_id, o.name, c.platform, c.name, c.status, c.status_detail, coalesce(s.created_at, c.created_at),
                       s.frequency, coalesce(s.paused, false), s.last_pass_error, s.restored_at,
                       r.state, r.state_reason, coalesce(r.finished_at, r.created_at), coalesce(r.failed_calls, 0),
                       (SELECT max(finished_at) FROM import_runs WHERE connection_id = c.id AND state = 'SUCCEEDED'),
                       w.state, w.last_error
                FROM connections c
                JOIN organizations o ON o.id = c.organization_id
                LEFT JOIN sync_schedules s ON s.connection_id = c.id
                LEFT JOIN LATERAL (SELECT state, state_reason, finished_at, created_at, failed_calls FROM import_runs
                                   WHERE connection_id = c.id ORDER BY created_at DESC LIMIT 1) r ON true
                LEFT JOIN webhook_subscriptions w ON w.connection_id = c.id
                WHERE (?::uuid IS NULL OR c.organization_id = ?::uuid) AND (?::text IS NULL OR c.platform = ?::text)
                ORDER BY lower(o.name), lower(c.name), c.id""")
                .params(organization, organization, platform, platform)
                .query((rs, row) -> row(rs, now))
                .list()
                .stream()
                .filter(row -> filter.health().map(health -> row.health() == health).orElse(true))
                .toList();
    }

    /** How many connections are in each health, every health present (zero when none). */
    public static Map<ConnectionHealth, Long> byHealth(List<ConnectionRow> rows) {
        Map<ConnectionHealth, Long> counts = new EnumMap<>(ConnectionHealth.class);
        for (ConnectionHealth health : ConnectionHealth.values()) {
            counts.put(health, 0L);
        }
        rows.forEach(row -> counts.merge(row.health(), 1L, Long::sum));
        return counts;
    }

    private ConnectionRow row(ResultSet rs, Instant now) throws SQLException {
        String frequency = rs.getString(9);
        Instant lastSuccess = instant(rs.getTimestamp(17));
        Instant latestRunAt = instant(rs.getTimestamp(15));
        ConnectionHealth.Verdict verdict = ConnectionHealth.of(new ConnectionHealth.Signals(
                ConnectionStatus.valueOf(rs.getString(6)), rs.getString(7), interval(frequency), rs.getBoolean(10), rs.getString(11),
                rs.getString(13), rs.getString(14), latestRunAt, rs.getLong(16), lastSuccess, instant(rs.getTimestamp(12)),
                instant(rs.getTimestamp(8)), rs.getString(18), rs.getString(19), now));
        String platform = rs.getString(4);
        return new ConnectionRow(rs.getObject(1, UUID.class), new OrganizationId(rs.getObject(2, UUID.class)), rs.getString(3),
                platform, catalog.find(platform).map(PlatformEntry::name).orElse(platform), rs.getString(5), mode(frequency),
                verdict.health(), verdict.why(), lastSuccess, latestRunAt);
    }

    private static Duration interval(String frequency) {
        if (frequency == null) {
            return null;
        }
        return frequency.equals("DAILY") ? Duration.ofDays(1) : Duration.ofHours(1);
    }

    private static String mode(String frequency) {
        if (frequency == null) {
            return "One-off imports";
        }
        return switch (frequency) {
            case "NEAR_REAL_TIME" -> "Near real-time sync";
            case "HOURLY" -> "Hourly sync";
            case "DAILY" -> "Daily sync";
            default -> frequency.toLowerCase() + " sync";
        };
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
