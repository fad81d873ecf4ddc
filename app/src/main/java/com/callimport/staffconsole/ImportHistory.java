package com.callimport.staffconsole;

import com.callimport.catalog.PlatformCatalog;
import com.callimport.catalog.PlatformEntry;
import com.callimport.organizations.OrganizationId;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Finished import runs (one-off imports and sync passes) across organizations, per day and per platform, with their
 * success and failure rates: what the console's charts draw and its tables spell out. A run counts on the day it
 * finished (UTC); cancelled runs count in neither rate.
 */
@Component
public class ImportHistory {
    /** The longest history one page asks for. */
    public static final int MAX_DAYS = 366;
    private final JdbcClient jdbc;
    private final PlatformCatalog catalog;
    private final Clock clock;

    ImportHistory(JdbcClient jdbc, PlatformCatalog catalog, Clock clock) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Runs and calls that succeeded or failed; calls "succeeded" when imported, updated or found unchanged. */
    public record Tally(long runsSucceeded, long runsFailed, long callsSucceeded, long callsFailed) {
        static final Tally NONE = new Tally(0, 0, 0, 0);

        Tally plus(Tally other) {
            return new Tally(runsSucceeded + other.runsSucceeded, runsFailed + other.runsFailed,
                    callsSucceeded + other.callsSucceeded, callsFailed + other.callsFailed);
        }

        public long runs() {
            return runsSucceeded + runsFailed;
        }

        /** Percent of finished runs that succeeded; empty without any. */
        public Optional<Double> runSuccessPercent() {
            return runs() == 0 ? Optional.empty() : Optional.of(100.0 * runsSucceeded / runs());
        }

        /** Percent of processed calls that failed; empty without any. */
        public Optional<Double> callFailurePercent() {
            long calls = callsSucceeded + callsFailed;
            return calls == 0 ? Optional.empty() : Optional.of(100.0 * callsFailed / calls);
        }
    }

    public record Day(LocalDate day, Tally tally) {
    }

    public record Platform(String platform, String name, Tally tally) {
    }

    /** The history of the last {@code days} days, every day present (zero when nothing finished). */
    public record History(int days, List<Day> perDay, List<Platform> perPlatform, Tally total) {
    }

    public History last(int days, Optional<String> platform, Optional<OrganizationId> organization) {
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("days: show 1 to " + MAX_DAYS + " days of history, not " + days);
        }
        LocalDate today = LocalDate.ofInstant(Instant.now(clock), ZoneOffset.UTC);
        LocalDate first = today.minusDays(days - 1L);
        Map<LocalDate, Tally> perDay = new TreeMap<>();
        for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
            perDay.put(day, Tally.NONE);
        }
        Map<String, Tally> perPlatform = new LinkedHashMap<>();
        UUID organizationId = organization.map(OrganizationId::value).orElse(null);
        String platformName = platform.orElse(null);
        jdbc.sql("""
                SELECT (r.finished_at AT TIME ZONE 'UTC')::date, c.platform, r.state, count(*),
                       coalesce(sum(r.imported_calls + r.updated_calls + r.unchanged_calls), 0), coalesce(sum(r.failed_calls), 0)
                FROM import_runs r JOIN connections c ON c.id = r.connection_id
                WHERE r.state IN ('SUCCEEDED', 'FAILED') AND r.finished_at >= ?
                  AND (?::uuid IS NULL OR r.organization_id = ?::uuid) AND (?::text IS NULL OR c.platform = ?::text)
                GROUP BY 1, 2, 3 ORDER BY 2""")
                .params(first.atStartOfDay(ZoneOffset.UTC).toOffsetDateTime(), organizationId, organizationId, platformName, platformName)
                .query(rs -> {
                    boolean succeeded = rs.getString(3).equals("SUCCEEDED");
                    Tally tally = new Tally(succeeded ? rs.getLong(4) : 0, succeeded ? 0 : rs.getLong(4), rs.getLong(5), rs.getLong(6));
                    LocalDate day = rs.getObject(1, LocalDate.class);
                    perDay.computeIfPresent(day, (key, sum) -> sum.plus(tally));
                    perPlatform.merge(rs.getString(2), tally, Tally::plus);
                });
        List<Day> dayRows = new ArrayList<>();
        perDay.forEach((day, tally) -> dayRows.add(new Day(day, tally)));
        List<Platform> platforms = perPlatform.entrySet().stream()
                .map(entry -> new Platform(entry.getKey(), catalog.find(entry.getKey()).map(PlatformEntry::name).orElse(entry.getKey()),
                        entry.getValue()))
                .toList();
        Tally total = platforms.stream().map(Platform::tally).reduce(Tally.NONE, Tally::plus);
        return new History(days, dayRows, platforms, total);
    }
}
