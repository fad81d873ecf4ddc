package com.callimport.events;

import com.callimport.organizations.OrganizationId;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The organization's events in the order they were committed, for consumers that pull instead of taking webhooks. The
 * cursor is an event's position: a consumer stores the last one it processed and asks for those after it, from any
 * instance, after any restart; positions only grow in the order events become readable, so none is ever skipped.
 */
@Component
public class EventFeed {
    public static final int MAX_LIMIT = 500;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    EventFeed(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * @param id       the same as the {@code webhook-id} of its deliveries, without the {@code evt_} prefix
     * @param position the cursor: pass it as {@code after} to read on
     * @param payload  what a webhook delivery carries: {@code type}, {@code timestamp}, {@code data}
     */
    public record FeedEvent(UUID id, long position, String type, UUID subjectId, JsonNode payload) {
    }

    /** Up to {@code limit} events after {@code after} (0: from the start), oldest first. */
    public List<FeedEvent> after(OrganizationId organization, long after, int limit) {
        if (after < 0) {
            throw new IllegalArgumentException("after: a position from an earlier answer, or 0 to start at the beginning; not " + after);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit: 1 to " + MAX_LIMIT + ", not " + limit);
        }
        return jdbc.sql("""
                SELECT id, position, type, subject_id, payload::text FROM events
                WHERE organization_id = ? AND position > ? ORDER BY position LIMIT ?""")
                .params(organization.value(), after, limit)
                .query((rs, row) -> new FeedEvent(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3), rs.getObject(4, UUID.class),
                        json.readTree(rs.getString(5))))
                .list();
    }
}
