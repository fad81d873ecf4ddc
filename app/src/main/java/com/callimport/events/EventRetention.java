package com.callimport.events;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Forgets events older than {@code callimport.events.retention} that no endpoint waits for any more — delivered, failed
 * for good, or never wanted — with their delivery log. An event still waiting for an endpoint (one that is down or
 * disabled) is kept however old, so that it is delivered once the endpoint is back; the feed and replays reach back as
 * far as the retention.
 */
@Component
public class EventRetention {
    private static final int BATCH = 1_000;

    private final JdbcClient jdbc;
    private final EventsProperties properties;
    private final Clock clock;

    EventRetention(JdbcClient jdbc, EventsProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Deletes what the retention allows, in batches of {@value #BATCH} so that no transaction holds many rows; run on a
     * schedule by one instance at a time, and safe to run on several at once.
     *
     * @return how many events were deleted
     */
    public int prune() {
        Instant before = Instant.now(clock).minus(properties.retention());
        int deleted = 0;
        int batch;
        do {
            batch = jdbc.sql("""
                    DELETE FROM events WHERE id IN (
                        SELECT e.id FROM events e
                        WHERE e.created_at < ? AND e.position IS NOT NULL
                          AND NOT EXISTS (SELECT 1 FROM event_deliveries d WHERE d.event_id = e.id AND d.state = 'PENDING')
                        ORDER BY e.created_at LIMIT ? FOR UPDATE SKIP LOCKED)""")
                    .params(before.atOffset(ZoneOffset.UTC), BATCH).update();
            deleted += batch;
        } while (batch == BATCH);
        return deleted;
    }
}
