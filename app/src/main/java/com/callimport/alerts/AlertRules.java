package com.callimport.alerts;

import com.callimport.catalog.KnownConnectors;
import com.callimport.organizations.OrganizationId;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The alert rules, each one query over every organization's connections (the evaluation is the operator's, not a
 * customer's request); {@link #findings(Instant)} is what is wrong now. A finding that is no longer returned resolves its
 * alert, so each rule states its cause only while it holds.
 */
@Component
class AlertRules {
    // a day's volume is judged once its calls had time to arrive: a daily sync runs at 03:17 UTC
    private static final Duration DAY_SETTLES_AFTER = Duration.ofHours(6);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private final JdbcClient jdbc;
    private final KnownConnectors connectors;
    private final AlertProperties properties;

    AlertRules(JdbcClient jdbc, KnownConnectors connectors, AlertProperties properties) {
        this.jdbc = jdbc;
        this.connectors = connectors;
        this.properties = properties;
    }

    List<Finding> findings(Instant now) {
        List<Finding> findings = new ArrayList<>();
        findings.addAll(failedRuns());
        findings.addAll(stalledRuns(now));
        findings.addAll(rejectedCredentials());
        findings.addAll(expiringCredentials(now));
        findings.addAll(unusualVolumes(now));
        findings.addAll(failedCallSpikes(now));
        findings.addAll(completenessGaps());
        return findings;
    }

    /** The latest finished run of the connection failed (a sync pass or an import), for a reason other than credentials. */
    private List<Finding> failedRuns() {
        return jdbc.sql("""
                SELECT * FROM (
                    SELECT DISTINCT ON (r.connection_id) r.id, r.organization_id, r.connection_id, r.state, r.state_reason, r.kind,
                           s.connection_id IS NOT NULL AS syncs, c.status
                    FROM import_runs r
                    JOIN connections c ON c.id = r.connection_id
                    LEFT JOIN sync_schedules s ON s.connection_id = r.connection_id
                    WHERE r.state IN ('SUCCEEDED', 'FAILED')
                    ORDER BY r.connection_id, COALESCE(r.finished_at, r.created_at) DESC) latest
                WHERE state = 'FAILED' AND status <> 'NEEDS_ATTENTION'""")
                .query((rs, row) -> new Finding(organization(rs.getObject("organization_id", UUID.class)),
                        rs.getObject("connection_id", UUID.class), AlertCause.SYNC_FAILED,
                        (rs.getString("kind").equals("SYNC") ? "The last sync failed: " : "The last import failed: ")
                                + orElse(rs.getString("state_reason"), "no reason was recorded"),
                        rs.getBoolean("syncs") ? "/settings/integrations/dialer" : "/imports/" + rs.getObject("id", UUID.class)))
                .list();
    }

    /** A running import whose last page (or start) is older than the stall time. */
    private List<Finding> stalledRuns(Instant now) {
        Instant before = now.minus(properties.stallAfter());
        return jdbc.sql("""
                SELECT * FROM (
                    SELECT r.id, r.organization_id, r.connection_id,
                           GREATEST(r.created_at, r.started_at, r.running_since,
                                    (SELECT max(sl.updated_at) FROM import_slices sl WHERE sl.run_id = r.id)) AS progress_at
                    FROM import_runs r WHERE r.state = 'RUNNING') running
                WHERE progress_at < ?""")
                .param(before.atOffset(ZoneOffset.UTC))
                .query((rs, row) -> new Finding(organization(rs.getObject("organization_id", UUID.class)),
                        rs.getObject("connection_id", UUID.class), AlertCause.RUN_STALLED,
                        "An import has made no progress since " + TIME.format(rs.getTimestamp("progress_at").toInstant())
                                + " (more than " + minutes(properties.stallAfter()) + "); it is still marked as running.",
                        "/imports/" + rs.getObject("id", UUID.class)))
                .list();
    }

    /** The vendor refused the connection's credentials: the customer must sign in again or give new ones. */
    private List<Finding> rejectedCredentials() {
        return jdbc.sql("SELECT id, organization_id, platform, status_detail FROM connections WHERE status = 'NEEDS_ATTENTION'")
                .query((rs, row) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    return new Finding(organization(rs.getObject("organization_id", UUID.class)), id, AlertCause.CREDENTIALS_REJECTED,
                            displayName(rs.getString("platform")) + " no longer accepts our access, so no calls come over until you "
                                    + reconnectWords(rs.getString("platform")) + ". " + orElse(rs.getString("status_detail"), ""),
                            reconnectPath(id, rs.getString("platform")));
                })
                .list();
    }

    /** A grant that ends within the warning time unless used (or has ended and was not used since). */
    private List<Finding> expiringCredentials(Instant now) {
        return jdbc.sql("""
                SELECT id, organization_id, platform, grant_expires_at FROM connections
                WHERE grant_expires_at IS NOT NULL AND grant_expires_at < ? AND status <> 'NEEDS_ATTENTION'""")
                .param(now.plus(properties.expiryWarning()).atOffset(ZoneOffset.UTC))
                .query((rs, row) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    Instant expires = rs.getTimestamp("grant_expires_at").toInstant();
                    String platform = displayName(rs.getString("platform"));
                    return new Finding(organization(rs.getObject("organization_id", UUID.class)), id, AlertCause.CREDENTIALS_EXPIRING,
                            (expires.isAfter(now) ? "Our access to " + platform + " expires on " + TIME.format(expires)
                                    : "Our access to " + platform + " expired on " + TIME.format(expires))
                                    + " unless it is used before then (a paused or idle sync does not use it). Reconnect now to "
                                    + "keep calls coming over without a gap.",
                            reconnectPath(id, rs.getString("platform")));
                })
                .list();
    }

    /**
     * The last settled day's calls against the connection's usual day of the same kind (weekday or weekend) over the
     * baseline days: far below is a drop (e.g. none on a Tuesday that usually has dozens), far above a surge.
     */
    private List<Finding> unusualVolumes(Instant now) {
        LocalDate day = LocalDate.ofInstant(now.minus(DAY_SETTLES_AFTER), ZoneOffset.UTC).minusDays(1);
        boolean weekend = isWeekend(day);
        int sameKindDays = 0;
        for (int back = 1; back <= properties.baselineDays(); back++) {
            if (isWeekend(day.minusDays(back)) == weekend) {
                sameKindDays++;
            }
        }
        if (sameKindDays == 0) {
            return List.of();
        }
        int baselineDays = sameKindDays;
        Instant dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant dayEnd = dayStart.plus(Duration.ofDays(1));
        Instant baselineStart = dayStart.minus(Duration.ofDays(properties.baselineDays()));
        return jdbc.sql("""
                SELECT c.id, c.organization_id, c.platform,
                       count(k.id) FILTER (WHERE k.started_at >= :dayStart) AS that_day,
                       count(k.id) FILTER (WHERE k.started_at < :dayStart
                                           AND (EXTRACT(ISODOW FROM k.started_at AT TIME ZONE 'UTC') >= 6) = :weekend) AS usual_days
                FROM sync_schedules s
                JOIN connections c ON c.id = s.connection_id
                LEFT JOIN calls k ON k.connection_id = c.id AND k.started_at >= :baselineStart AND k.started_at < :dayEnd
                WHERE NOT s.paused AND s.created_at < :dayStart AND c.status <> 'NEEDS_ATTENTION'
                GROUP BY c.id, c.organization_id, c.platform""")
                .param("dayStart", dayStart.atOffset(ZoneOffset.UTC))
                .param("dayEnd", dayEnd.atOffset(ZoneOffset.UTC))
                .param("baselineStart", baselineStart.atOffset(ZoneOffset.UTC))
                .param("weekend", weekend)
                .query((rs, row) -> {
                    long thatDay = rs.getLong("that_day");
                    double usual = rs.getLong("usual_days") / (double) baselineDays;
                    OrganizationId organization = organization(rs.getObject("organization_id", UUID.class));
                    UUID id = rs.getObject("id", UUID.class);
                    String kind = weekend ? "weekend day" : "weekday";
                    if (usual >= properties.minimumBaseline() && thatDay <= usual * properties.dropShare()) {
                        return new Finding(organization, id, AlertCause.VOLUME_DROP, thatDay + " calls came over from "
                                + displayName(rs.getString("platform")) + " on " + DAY.format(day) + ", where a " + kind + " usually has "
                                + Math.round(usual) + ". Check that calls are still being made and recorded there, and that the "
                                + "sync is on.", "/settings/integrations/dialer");
                    }
                    if (thatDay >= usual * properties.surgeFactor() && thatDay - usual >= properties.minimumBaseline()) {
                        return new Finding(organization, id, AlertCause.VOLUME_SURGE, thatDay + " calls came over from "
                                + displayName(rs.getString("platform")) + " on " + DAY.format(day) + ", where a " + kind + " usually has "
                                + Math.round(usual) + ". If that is unexpected, check which users' calls the connection reads.",
                                "/settings/integrations/dialer");
                    }
                    return null;
                })
                .list().stream().filter(java.util.Objects::nonNull).toList();
    }

    /** Calls that failed to import in the last 24 hours, far more than the connection's usual day. */
    private List<Finding> failedCallSpikes(Instant now) {
        Instant dayAgo = now.minus(Duration.ofDays(1));
        return jdbc.sql("""
                SELECT r.connection_id, r.organization_id,
                       count(*) FILTER (WHERE e.recorded_at >= :dayAgo) AS last_day,
                       count(*) FILTER (WHERE e.recorded_at < :dayAgo) AS before,
                       (array_agg(r.id ORDER BY e.recorded_at DESC))[1] AS latest_run
                FROM import_exclusions e JOIN import_runs r ON r.id = e.run_id
                WHERE e.kind = 'FAILED' AND e.recorded_at >= :since AND e.recorded_at <= :now
                GROUP BY r.connection_id, r.organization_id""")
                .param("dayAgo", dayAgo.atOffset(ZoneOffset.UTC))
                .param("since", dayAgo.minus(Duration.ofDays(properties.baselineDays())).atOffset(ZoneOffset.UTC))
                .param("now", now.atOffset(ZoneOffset.UTC))
                .query((rs, row) -> {
                    long lastDay = rs.getLong("last_day");
                    double usual = rs.getLong("before") / (double) properties.baselineDays();
                    if (lastDay < properties.minimumFailedCalls() || lastDay < usual * properties.surgeFactor()) {
                        return null;
                    }
                    return new Finding(organization(rs.getObject("organization_id", UUID.class)), rs.getObject("connection_id", UUID.class),
                            AlertCause.FAILED_CALLS_SPIKE, lastDay + " calls failed to import in the last 24 hours, where a day usually has "
                            + Math.round(usual) + ". The import's page lists each call and why.",
                            "/imports/" + rs.getObject("latest_run", UUID.class));
                })
                .list().stream().filter(java.util.Objects::nonNull).toList();
    }

    /**
     * The connection's latest finished window whose vendor count was exact: the vendor's count against what landed
     * (imported, updated, unchanged) plus what was excluded with a reason (skipped, failed).
     */
    private List<Finding> completenessGaps() {
        return jdbc.sql("""
                SELECT * FROM (
                    SELECT DISTINCT ON (r.connection_id) r.id, r.organization_id, r.connection_id, r.expected_calls, r.window_from,
                           r.window_to, r.imported_calls + r.updated_calls + r.unchanged_calls AS landed,
                           r.skipped_calls + r.failed_calls AS excluded
                    FROM import_runs r
                    WHERE r.state = 'SUCCEEDED' AND r.expected_calls IS NOT NULL AND r.expected_calls_exact
                    ORDER BY r.connection_id, r.finished_at DESC) latest
                WHERE expected_calls <> landed + excluded""")
                .query((rs, row) -> {
                    long expected = rs.getLong("expected_calls");
                    long landed = rs.getLong("landed");
                    long excluded = rs.getLong("excluded");
                    return new Finding(organization(rs.getObject("organization_id", UUID.class)), rs.getObject("connection_id", UUID.class),
                            AlertCause.COMPLETENESS_GAP, "For " + TIME.format(rs.getTimestamp("window_from").toInstant()) + " to "
                            + TIME.format(rs.getTimestamp("window_to").toInstant()) + " the platform counted " + expected
                            + " calls; " + landed + " came over and " + excluded + " were left out with a reason, so "
                            + Math.abs(expected - landed - excluded) + (expected > landed + excluded ? " are unaccounted for."
                            : " more arrived than it counted.") + " Importing the window again brings over what is missing.",
                            "/imports/" + rs.getObject("id", UUID.class));
                })
                .list();
    }

    private String reconnectPath(UUID connection, String platform) {
        return signsIn(platform) ? "/connections/" + connection + "/sign-in?then=dialers" : "/connections/" + connection + "/credentials";
    }

    private String reconnectWords(String platform) {
        return signsIn(platform) ? "you sign in to it again" : "you give it new credentials";
    }

    private boolean signsIn(String platform) {
        return connectors.find(platform).flatMap(connector -> connector.oauth()).isPresent();
    }

    private String displayName(String platform) {
        return connectors.find(platform).map(connector -> connector.displayName()).orElse(platform);
    }

    private static boolean isWeekend(LocalDate day) {
        return day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    private static String minutes(Duration duration) {
        return duration.toMinutes() + " minutes";
    }

    private static String orElse(String value, String otherwise) {
        return value == null || value.isBlank() ? otherwise : value;
    }

    private static OrganizationId organization(UUID id) {
        return new OrganizationId(id);
    }
}
