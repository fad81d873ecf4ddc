package com.callimport.events;

import com.callimport.credentials.CredentialVault;
import com.callimport.emails.CustomerEmails;
import com.callimport.emails.EmailTemplates;
import com.callimport.organizations.OrganizationId;
import com.callimport.people.People;
import com.callimport.people.Person;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.EmptyWebhookSecretException;
import com.standardwebhooks.exceptions.WebhookSigningException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers events, on every instance at once without delivering one twice: each tick, one instance at a time gives
 * newly committed events their feed position and one delivery per endpoint; then every instance leases the deliveries
 * that are due — only the oldest undelivered one of each call per endpoint, so that a call's events arrive in order —
 * and sends them on virtual threads, at most {@code in-flight-per-endpoint} per endpoint, so that a slow endpoint holds
 * up only itself. Imports never wait for any of it: they only append to the outbox.
 */
@Component
@ConditionalOnWebApplication
class EventDispatcher implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);
    private static final int SEQUENCE_BATCH = 2_000;
    // longer than any request may take, so that a lease outlives its delivery; after a crash, the delivery is due again then
    private static final Duration LEASE = Duration.ofMinutes(2);

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final EventsProperties properties;
    private final CredentialVault vault;
    private final People people;
    private final EmailTemplates templates;
    private final CustomerEmails emails;
    private final Clock clock;
    private final String settingsLink;
    private final HttpClient http;
    private final Map<UUID, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private volatile ExecutorService senders;
    private volatile Thread loop;
    private volatile boolean running;

    EventDispatcher(JdbcClient jdbc, TransactionTemplate transaction, EventsProperties properties, CredentialVault vault, People people,
                    EmailTemplates templates, CustomerEmails emails, Clock clock,
                    @Value("${callimport.web.public-url:}") String publicUrl) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.properties = properties;
        this.vault = vault;
        this.people = people;
        this.templates = templates;
        this.emails = emails;
        this.clock = clock;
        this.settingsLink = (publicUrl == null || publicUrl.isBlank() ? "http://localhost:8080" : publicUrl.strip().replaceAll("/+$", ""))
                + "/settings/event-endpoints";
        // redirects are not followed: a customer's endpoint must not send us on to an address we would refuse
        this.http = HttpClient.newBuilder().connectTimeout(properties.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public void start() {
        running = true;
        senders = Executors.newVirtualThreadPerTaskExecutor();
        loop = Thread.ofPlatform().daemon().name("event-dispatcher").start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        if (loop != null) {
            loop.interrupt();
        }
        if (senders != null) {
            senders.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            boolean busy = false;
            try {
                busy = tick();
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Event delivery pass failed; trying again: {}", e.getMessage());
            }
            if (!busy) {
                LockSupport.parkNanos(properties.tick().toNanos());
            }
        }
    }

    /** One pass; true when there were more events to sequence than it took, so that the next pass follows at once. */
    boolean tick() {
        int sequenced = sequence();
        Instant now = Instant.now(clock);
        for (UUID endpoint : dueEndpoints(now)) {
            AtomicInteger sending = inFlight.computeIfAbsent(endpoint, id -> new AtomicInteger());
            int free = properties.inFlightPerEndpoint() - sending.get();
            if (free <= 0) {
                continue;
            }
            List<UUID> claimed = claim(endpoint, free, now);
            for (UUID delivery : claimed) {
                sending.incrementAndGet();
                Thread dispatcher = loop;
                senders.execute(() -> {
                    try {
                        deliver(delivery);
                    } catch (RuntimeException e) {
                        log.warn("Delivery {} could not be recorded; it is sent again when its lease ends: {}", delivery, e.getMessage());
                    } finally {
                        // the next pass is due once half the endpoint's slots are free, not after every delivery
                        if (sending.decrementAndGet() <= properties.inFlightPerEndpoint() / 2) {
                            LockSupport.unpark(dispatcher);
                        }
                    }
                });
            }
        }
        return sequenced == SEQUENCE_BATCH;
    }

    /**
     * Gives committed events without a position the next positions, in the order they were written, and one delivery per
     * endpoint of their organization that wants their type. One instance at a time, so that positions only grow in the
     * order readers can see them: the feed's cursor never passes an event that commits later.
     */
    int sequence() {
        Integer count = transaction.execute(status -> {
            if (!jdbc.sql("SELECT pg_try_advisory_xact_lock(hashtextextended('event-sequencer', 0))").query(Boolean.class).single()) {
                return 0;
            }
            List<UUID> ids = jdbc.sql("""
                    UPDATE events e SET position = s.position
                    FROM (SELECT id, nextval('event_positions') AS position
                          FROM (SELECT id FROM events WHERE position IS NULL ORDER BY seq LIMIT ?) oldest_first) s
                    WHERE e.id = s.id RETURNING e.id""")
                    .param(SEQUENCE_BATCH).query(UUID.class).list();
            if (!ids.isEmpty()) {
                Instant now = Instant.now(clock);
                jdbc.sql("""
                        INSERT INTO event_deliveries (id, organization_id, endpoint_id, event_id, position, subject_id, state,
                            next_attempt_at, created_at)
                        SELECT gen_random_uuid(), e.organization_id, p.id, e.id, e.position, e.subject_id, 'PENDING', ?, ?
                        FROM events e JOIN event_endpoints p ON p.organization_id = e.organization_id
                            AND (cardinality(p.event_types) = 0 OR e.type = ANY (p.event_types))
                        WHERE e.id = ANY (?)
                        ON CONFLICT ON CONSTRAINT event_deliveries_once DO NOTHING""")
                        .params(now.atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC), ids.toArray(UUID[]::new))
                        .update();
            }
            return ids.size();
        });
        return count == null ? 0 : count;
    }

    private List<UUID> dueEndpoints(Instant now) {
        return jdbc.sql("""
                SELECT p.id FROM event_endpoints p WHERE p.enabled AND EXISTS (
                    SELECT 1 FROM event_deliveries d WHERE d.endpoint_id = p.id AND d.state = 'PENDING' AND d.next_attempt_at <= ?
                      AND (d.leased_until IS NULL OR d.leased_until <= ?))""")
                .params(now.atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC))
                .query(UUID.class).list();
    }

    /** Leases up to {@code limit} due deliveries of an endpoint, each the oldest undelivered event of its subject. */
    private List<UUID> claim(UUID endpoint, int limit, Instant now) {
        return jdbc.sql("""
                UPDATE event_deliveries SET leased_until = ? WHERE id IN (
                    SELECT d.id FROM event_deliveries d
                    WHERE d.endpoint_id = ? AND d.state = 'PENDING' AND d.next_attempt_at <= ?
                      AND (d.leased_until IS NULL OR d.leased_until <= ?)
                      AND NOT EXISTS (SELECT 1 FROM event_deliveries earlier WHERE earlier.endpoint_id = d.endpoint_id
                                      AND earlier.subject_id = d.subject_id AND earlier.state = 'PENDING' AND earlier.position < d.position)
                    ORDER BY d.position LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING id""")
                .params(now.plus(LEASE).atOffset(ZoneOffset.UTC), endpoint, now.atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC), limit)
                .query(UUID.class).list();
    }

    private record Outgoing(UUID eventId, String payload, String url, byte[] sealedSecret, UUID organization, UUID endpoint,
                            int attempts) {
    }

    void deliver(UUID delivery) {
        Optional<Outgoing> found = jdbc.sql("""
                SELECT e.id, e.payload::text, p.url, p.sealed_secret, p.organization_id, p.id, d.attempts
                FROM event_deliveries d JOIN events e ON e.id = d.event_id JOIN event_endpoints p ON p.id = d.endpoint_id
                WHERE d.id = ? AND d.state = 'PENDING'""")
                .param(delivery)
                .query((rs, row) -> new Outgoing(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getBytes(4),
                        rs.getObject(5, UUID.class), rs.getObject(6, UUID.class), rs.getInt(7)))
                .optional();
        if (found.isEmpty()) {
            return;
        }
        Outgoing outgoing = found.get();
        long started = System.nanoTime();
        Integer status = null;
        String error = null;
        try {
            URI url = URI.create(outgoing.url());
            if (!properties.allowPrivateAddresses()) {
                EndpointAddresses.requirePublic(url);
            }
            String secret = vault.open(outgoing.sealedSecret(), new CredentialVault.SealedFor(outgoing.organization(), outgoing.endpoint()))
                    .require(EventEndpoints.SECRET_FIELD).reveal();
            long timestamp = Instant.now(clock).getEpochSecond();
            // webhook-id is the event's: the same on every attempt and replay, so that consumers recognise a repeat
            String msgId = "evt_" + outgoing.eventId();
            HttpRequest request = HttpRequest.newBuilder(url)
                    .timeout(properties.requestTimeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "CallImport-Events/1")
                    .header("webhook-id", msgId)
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", new Webhook(secret).sign(msgId, timestamp, outgoing.payload()))
                    .POST(HttpRequest.BodyPublishers.ofString(outgoing.payload(), StandardCharsets.UTF_8))
                    .build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            status = response.statusCode();
            if (status < 200 || status > 299) {
                error = "the endpoint answered " + status;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // shutting down: the lease runs out and another pass sends it
        } catch (IllegalArgumentException e) {
            error = e.getMessage();
        } catch (java.io.IOException e) {
            error = "no answer: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (WebhookSigningException | EmptyWebhookSecretException e) {
            error = "the event could not be signed: " + e.getMessage();
        }
        record(delivery, outgoing, status, error, (System.nanoTime() - started) / 1_000_000);
    }

    private void record(UUID delivery, Outgoing outgoing, Integer status, String error, long millis) {
        Instant now = Instant.now(clock);
        int attempts = outgoing.attempts() + 1;
        transaction.executeWithoutResult(tx -> {
            jdbc.sql("INSERT INTO event_delivery_attempts (delivery_id, at, status, error, millis) VALUES (?, ?, ?, ?, ?)")
                    .params(delivery, now.atOffset(ZoneOffset.UTC), status, error, millis).update();
            if (error == null) {
                jdbc.sql("""
                        UPDATE event_deliveries SET state = 'DELIVERED', attempts = ?, last_status = ?, last_error = NULL,
                            last_attempt_at = ?, delivered_at = ?, leased_until = NULL WHERE id = ?""")
                        .params(attempts, status, now.atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC), delivery).update();
                jdbc.sql("UPDATE event_endpoints SET failing_since = NULL WHERE id = ? AND failing_since IS NOT NULL")
                        .param(outgoing.endpoint()).update();
                return;
            }
            Duration wait = properties.retryAfter(attempts);
            jdbc.sql("""
                    UPDATE event_deliveries SET state = ?, attempts = ?, last_status = ?, last_error = ?, last_attempt_at = ?,
                        next_attempt_at = ?, leased_until = NULL WHERE id = ?""")
                    .params(wait == null ? "FAILED" : "PENDING", attempts, status, error, now.atOffset(ZoneOffset.UTC),
                            now.plus(wait == null ? Duration.ZERO : wait).atOffset(ZoneOffset.UTC), delivery).update();
            Instant failingSince = jdbc.sql("""
                    UPDATE event_endpoints SET failing_since = coalesce(failing_since, ?) WHERE id = ? RETURNING failing_since""")
                    .params(now.atOffset(ZoneOffset.UTC), outgoing.endpoint()).query(java.sql.Timestamp.class).single().toInstant();
            // 410 Gone is the endpoint saying it wants no more (Standard Webhooks); otherwise only days of failure disable it
            String reason = status != null && status == 410 ? "the endpoint answered 410 Gone"
                    : !failingSince.isAfter(now.minus(properties.disableAfter()))
                    ? "every delivery failed since " + failingSince + " (last: " + error + ")" : null;
            if (reason != null && jdbc.sql("""
                    UPDATE event_endpoints SET enabled = false, disabled_reason = ?, updated_at = ? WHERE id = ? AND enabled""")
                    .params(reason, now.atOffset(ZoneOffset.UTC), outgoing.endpoint()).update() == 1) {
                tellAdmins(new OrganizationId(outgoing.organization()), outgoing.url(), reason);
            }
        });
    }

    private void tellAdmins(OrganizationId organization, String url, String reason) {
        log.info("Disabled event endpoint of organization {}: {}", organization.value(), reason);
        for (Person admin : people.of(organization).stream().filter(person -> person.role().manages()).toList()) {
            emails.send(templates.render(organization, admin.email(), "Event deliveries stopped: an endpoint was disabled",
                    "event-endpoint-disabled", Map.of("url", url, "reason", reason), settingsLink));
        }
    }
}
