package com.callimport.events;

import com.callimport.organizations.OrganizationId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where events are written: one row in the caller's transaction, so that an event exists exactly when the change it
 * tells of was committed. Delivery happens later and elsewhere ({@link EventDispatcher}); writing never waits for it.
 */
@Component
class EventOutbox {
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    EventOutbox(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Appends an event in the Standard Webhooks payload shape ({@code type}, {@code timestamp}, {@code data}).
     *
     * @param subject the call, run or connection the event is about; events of one subject are delivered in order
     */
    @Transactional(propagation = Propagation.MANDATORY)
    UUID append(OrganizationId organization, EventType type, UUID subject, Object data) {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now(clock);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", type.typeName());
        payload.put("timestamp", now.truncatedTo(ChronoUnit.MILLIS).toString());
        payload.put("data", data);
        jdbc.sql("INSERT INTO events (id, organization_id, type, subject_id, payload, created_at) VALUES (?, ?, ?, ?, ?::jsonb, ?)")
                .params(id, organization.value(), type.typeName(), subject, json.writeValueAsString(payload), now.atOffset(ZoneOffset.UTC))
                .update();
        return id;
    }
}
