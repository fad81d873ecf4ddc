package com.callimport.events;

import com.callimport.connector.Credentials;
import com.callimport.connector.Secret;
import com.callimport.credentials.CredentialVault;
import com.callimport.organizations.OrganizationId;
import java.net.URI;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The addresses an organization registers to receive events, each with its own signing secret (sealed in the vault,
 * shown once), the log of deliveries to it, and replays. Every operation is scoped to the organization.
 */
@Component
public class EventEndpoints {
    static final String SECRET_FIELD = "signingSecret";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_ENDPOINTS = 20;

    private final JdbcClient jdbc;
    private final CredentialVault vault;
    private final EventsProperties properties;
    private final Clock clock;

    EventEndpoints(JdbcClient jdbc, CredentialVault vault, EventsProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * @param eventTypes the types it receives; empty for all
     * @param disabledReason why it no longer receives events (it failed for days, or was disabled); null while enabled
     * @param failingSince when its current run of failures began; null when its last delivery succeeded
     */
    public record Endpoint(UUID id, String url, String description, List<String> eventTypes, boolean enabled, String disabledReason,
                           Instant failingSince, Instant createdAt) {
    }

    /** A new endpoint with its signing secret ({@code whsec_…}), shown this once. */
    public record Registered(Endpoint endpoint, String signingSecret) {
        @Override
        public String toString() {
            return "Registered[" + endpoint + ", signingSecret=***]";
        }
    }

    @Transactional
    public Registered register(OrganizationId organization, String url, String description, List<String> eventTypes) {
        URI checked = EndpointAddresses.check(url, properties.allowPrivateAddresses());
        if (description != null && description.length() > 200) {
            throw new IllegalArgumentException("description: at most 200 characters");
        }
        List<String> types = eventTypes == null ? List.of()
                : List.copyOf(new LinkedHashSet<>(eventTypes.stream().map(name -> EventType.of(name).typeName()).toList()));
        long existing = jdbc.sql("SELECT count(*) FROM event_endpoints WHERE organization_id = ?").param(organization.value())
                .query(Long.class).single();
        if (existing >= MAX_ENDPOINTS) {
            throw new IllegalArgumentException("an organization has at most " + MAX_ENDPOINTS + " event endpoints; delete one first");
        }
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
        UUID id = UUID.randomUUID();
        Instant now = Instant.now(clock);
        byte[] sealed = vault.seal(new Credentials(Map.of(SECRET_FIELD, Secret.of(secret))), new CredentialVault.SealedFor(organization.value(), id));
        jdbc.sql("""
                INSERT INTO event_endpoints (id, organization_id, url, description, event_types, sealed_secret, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, organization.value(), checked.toString(), description, types.toArray(String[]::new), sealed,
                        now.atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC))
                .update();
        return new Registered(get(organization, id), secret);
    }

    /**
     * Seals again, under the vault's primary key, every signing secret still sealed under an older one, so that after
     * a key rotation ({@code vault rewrap}) the old key can be retired. Returns how many were sealed again.
     */
    @Transactional
    public int rewrapSecrets() {
        record Sealed(UUID id, UUID organization, byte[] sealed) { }
        List<Sealed> all = jdbc.sql("SELECT id, organization_id, sealed_secret FROM event_endpoints FOR UPDATE")
                .query((rs, row) -> new Sealed(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getBytes(3)))
                .list();
        int rewrapped = 0;
        for (Sealed endpoint : all) {
            var owner = new CredentialVault.SealedFor(endpoint.organization(), endpoint.id());
            var resealed = vault.resealedUnderPrimaryKey(endpoint.sealed(), owner);
            if (resealed.isPresent()) {
                jdbc.sql("UPDATE event_endpoints SET sealed_secret = ? WHERE id = ?").params(resealed.get(), endpoint.id()).update();
                rewrapped++;
            }
        }
        return rewrapped;
    }

    public List<Endpoint> list(OrganizationId organization) {
        return jdbc.sql("SELECT * FROM event_endpoints WHERE organization_id = ? ORDER BY created_at, id")
                .param(organization.value()).query(EventEndpoints::endpoint).list();
    }

    public Endpoint get(OrganizationId organization, UUID id) {
        return find(organization, id).orElseThrow(() -> new EndpointNotFound(id));
    }

    private Optional<Endpoint> find(OrganizationId organization, UUID id) {
        return jdbc.sql("SELECT * FROM event_endpoints WHERE organization_id = ? AND id = ?")
                .params(organization.value(), id).query(EventEndpoints::endpoint).optional();
    }

    /** Removes the endpoint and its delivery log. */
    public void delete(OrganizationId organization, UUID id) {
        get(organization, id);
        jdbc.sql("DELETE FROM event_endpoints WHERE organization_id = ? AND id = ?").params(organization.value(), id).update();
    }

    /** Turns an endpoint on again; deliveries that were waiting resume at once, failed ones only when replayed. */
    @Transactional
    public Endpoint enable(OrganizationId organization, UUID id) {
        get(organization, id);
        Instant now = Instant.now(clock);
        jdbc.sql("""
                UPDATE event_endpoints SET enabled = true, disabled_reason = NULL, failing_since = NULL, updated_at = ?
                WHERE organization_id = ? AND id = ?""")
                .params(now.atOffset(ZoneOffset.UTC), organization.value(), id).update();
        jdbc.sql("UPDATE event_deliveries SET next_attempt_at = ? WHERE endpoint_id = ? AND state = 'PENDING'")
                .params(now.atOffset(ZoneOffset.UTC), id).update();
        return get(organization, id);
    }

    /** Stops deliveries to the endpoint; events keep being recorded for it and wait. */
    public Endpoint disable(OrganizationId organization, UUID id) {
        get(organization, id);
        jdbc.sql("UPDATE event_endpoints SET enabled = false, disabled_reason = ?, updated_at = ? WHERE organization_id = ? AND id = ?")
                .params("disabled by the organization", Instant.now(clock).atOffset(ZoneOffset.UTC), organization.value(), id).update();
        return get(organization, id);
    }

    /**
     * One delivery of one event to one endpoint, as its log shows it.
     *
     * @param state PENDING (waiting or retrying), DELIVERED (the endpoint answered 2xx) or FAILED (every attempt failed)
     */
    public record Delivery(UUID id, UUID eventId, String eventType, UUID subjectId, long position, String state, int attempts,
                           Integer lastStatus, String lastError, Instant lastAttemptAt, Instant nextAttemptAt, Instant deliveredAt) {
    }

    /** The endpoint's deliveries, newest first, at most {@code limit}, optionally only those in one state. */
    public List<Delivery> deliveries(OrganizationId organization, UUID endpointId, String state, int limit) {
        get(organization, endpointId);
        if (state != null && !List.of("PENDING", "DELIVERED", "FAILED").contains(state)) {
            throw new IllegalArgumentException("state: one of PENDING, DELIVERED, FAILED, not " + state);
        }
        if (limit < 1 || limit > 500) {
            throw new IllegalArgumentException("limit: 1 to 500, not " + limit);
        }
        return jdbc.sql("""
                SELECT d.*, e.type FROM event_deliveries d JOIN events e ON e.id = d.event_id
                WHERE d.organization_id = ? AND d.endpoint_id = ? AND (?::text IS NULL OR d.state = ?)
                ORDER BY d.position DESC LIMIT ?""")
                .params(organization.value(), endpointId, state, state, limit)
                .query(EventEndpoints::delivery).list();
    }

    /** One attempt of a delivery: when, what the endpoint answered (or why nothing), how long it took. */
    public record Attempt(Instant at, Integer status, String error, long millis) {
    }

    public List<Attempt> attempts(OrganizationId organization, UUID endpointId, UUID deliveryId) {
        requireDelivery(organization, endpointId, deliveryId);
        return jdbc.sql("SELECT at, status, error, millis FROM event_delivery_attempts WHERE delivery_id = ? ORDER BY at, id")
                .param(deliveryId)
                .query((rs, row) -> new Attempt(rs.getTimestamp(1).toInstant(), (Integer) rs.getObject(2), rs.getString(3), rs.getLong(4)))
                .list();
    }

    /** Sends one delivery again, whatever its state: it goes out at once, behind earlier undelivered events of its call. */
    public Delivery replay(OrganizationId organization, UUID endpointId, UUID deliveryId) {
        requireDelivery(organization, endpointId, deliveryId);
        jdbc.sql("UPDATE event_deliveries SET state = 'PENDING', attempts = 0, next_attempt_at = ?, leased_until = NULL WHERE id = ?")
                .params(Instant.now(clock).atOffset(ZoneOffset.UTC), deliveryId).update();
        return deliveries(organization, endpointId, null, 500).stream().filter(delivery -> delivery.id().equals(deliveryId))
                .findFirst().orElseThrow(() -> new DeliveryNotFound(deliveryId));
    }

    /**
     * Sends every delivery made since {@code since} again (after the consumer lost data, or failed ones after an outage).
     *
     * @param onlyFailed whether only failed deliveries are sent again
     * @return how many were queued
     */
    public int replaySince(OrganizationId organization, UUID endpointId, Instant since, boolean onlyFailed) {
        get(organization, endpointId);
        if (since == null) {
            throw new IllegalArgumentException("since: the time from which to send events again is required, e.g. 2026-01-31T00:00:00Z");
        }
        return jdbc.sql("""
                UPDATE event_deliveries SET state = 'PENDING', attempts = 0, next_attempt_at = ?, leased_until = NULL
                WHERE organization_id = ? AND endpoint_id = ? AND created_at >= ? AND (NOT ? OR state = 'FAILED')""")
                .params(Instant.now(clock).atOffset(ZoneOffset.UTC), organization.value(), endpointId, since.atOffset(ZoneOffset.UTC), onlyFailed)
                .update();
    }

    private void requireDelivery(OrganizationId organization, UUID endpointId, UUID deliveryId) {
        boolean found = jdbc.sql("SELECT EXISTS (SELECT 1 FROM event_deliveries WHERE organization_id = ? AND endpoint_id = ? AND id = ?)")
                .params(organization.value(), endpointId, deliveryId).query(Boolean.class).single();
        if (!found) {
            throw new DeliveryNotFound(deliveryId);
        }
    }

    private static Endpoint endpoint(ResultSet rs, int row) throws SQLException {
        Array types = rs.getArray("event_types");
        return new Endpoint(rs.getObject("id", UUID.class), rs.getString("url"), rs.getString("description"),
                List.of((String[]) types.getArray()), rs.getBoolean("enabled"), rs.getString("disabled_reason"),
                instant(rs, "failing_since"), instant(rs, "created_at"));
    }

    private static Delivery delivery(ResultSet rs, int row) throws SQLException {
        return new Delivery(rs.getObject("id", UUID.class), rs.getObject("event_id", UUID.class), rs.getString("type"),
                rs.getObject("subject_id", UUID.class), rs.getLong("position"), rs.getString("state"), rs.getInt("attempts"),
                (Integer) rs.getObject("last_status"), rs.getString("last_error"), instant(rs, "last_attempt_at"),
                rs.getString("state").equals("PENDING") ? instant(rs, "next_attempt_at") : null, instant(rs, "delivered_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getTimestamp(column) == null ? null : rs.getTimestamp(column).toInstant();
    }

    public static final class EndpointNotFound extends RuntimeException {
        public EndpointNotFound(UUID id) {
            super("no event endpoint " + id + " in your organization; list yours at /api/event-endpoints");
        }
    }

    public static final class DeliveryNotFound extends RuntimeException {
        public DeliveryNotFound(UUID id) {
            super("no delivery " + id + " to this endpoint; list its deliveries at /api/event-endpoints/{id}/deliveries");
        }
    }
}
