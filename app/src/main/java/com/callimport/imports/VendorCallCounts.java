package com.callimport.imports;

import com.callimport.connector.CallCount;
import com.callimport.connector.DateWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The vendor's latest count of a connection's calls in a window. A preview stores it; a run over the same window
 * created while it is fresh is priced by it and starts with it as its denominator instead of paying the vendor's
 * requests again.
 */
@Component
public class VendorCallCounts {
    // a customer confirms an import minutes after its preview; calls made since then show up as listed beyond 100%
    static final Duration FRESH_FOR = Duration.ofMinutes(30);

    private final JdbcClient jdbc;
    private final Clock clock;

    VendorCallCounts(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void remember(UUID connectionId, DateWindow window, CallCount count) {
        jdbc.sql("""
                INSERT INTO vendor_call_counts (connection_id, window_from, window_to, calls, exact, call_requests,
                    excluded_calls, excluded_reasons, counted_at)
                VALUES (?, ?, ?, ?, ?, ?, ?::bigint[], ?::text[], ?)
                ON CONFLICT (connection_id, window_from, window_to)
                DO UPDATE SET calls = EXCLUDED.calls, exact = EXCLUDED.exact, call_requests = EXCLUDED.call_requests,
                              excluded_calls = EXCLUDED.excluded_calls, excluded_reasons = EXCLUDED.excluded_reasons,
                              counted_at = EXCLUDED.counted_at""")
                .params(connectionId, ImportRuns.utc(window.from()), ImportRuns.utc(window.to()), count.calls(), count.exact(),
                        count.callRequests().isPresent() ? count.callRequests().getAsLong() : null,
                        count.excluded().stream().map(CallCount.Exclusion::calls).toArray(Long[]::new),
                        count.excluded().stream().map(CallCount.Exclusion::reason).toArray(String[]::new),
                        ImportRuns.utc(Instant.now(clock)))
                .update();
    }

    /** The count taken for exactly this window within {@link #FRESH_FOR}, if any, with what the settings exclude. */
    public Optional<CallCount> fresh(UUID connectionId, DateWindow window) {
        return jdbc.sql("""
                SELECT calls, exact, call_requests, excluded_calls, excluded_reasons FROM vendor_call_counts
                WHERE connection_id = ? AND window_from = ? AND window_to = ? AND counted_at > ?""")
                .params(connectionId, ImportRuns.utc(window.from()), ImportRuns.utc(window.to()),
                        ImportRuns.utc(Instant.now(clock).minus(FRESH_FOR)))
                .query((rs, row) -> {
                    long callRequests = rs.getLong(3);
                    // read at once: wasNull() answers for the column read last
                    OptionalLong seen = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(callRequests);
                    Long[] excludedCalls = (Long[]) rs.getArray(4).getArray();
                    String[] excludedReasons = (String[]) rs.getArray(5).getArray();
                    List<CallCount.Exclusion> excluded = new ArrayList<>();
                    for (int i = 0; i < excludedCalls.length; i++) {
                        excluded.add(new CallCount.Exclusion(excludedCalls[i], excludedReasons[i]));
                    }
                    return new CallCount(rs.getLong(1), rs.getBoolean(2), excluded, seen);
                })
                .optional();
    }
}
