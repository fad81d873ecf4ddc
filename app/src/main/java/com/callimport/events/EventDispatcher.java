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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * together with their payloads, and sends them on virtual threads, at most {@code in-flight-per-endpoint} per endpoint
 * (so that a slow endpoint holds up only itself) and {@code in-flight} in all. The outcomes are written by the next pass
 * in one transaction, so that delivering costs the database a few statements per pass rather than per event, and the
 * import, which shares the database and the processors, keeps its pace. Imports never wait for any of it: they only
 * append to the outbox.
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
    private final AtomicInteger sendingInAll = new AtomicInteger();
    private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
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
        if (senders != null) {
            senders.shutdownNow();
        }
        if (loop != null) {
            loop.interrupt();
            try {
                loop.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // what was answered is written now rather than sent again once its lease runs out
        recordOutcomes();
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

    /**
     * One pass; true when there were more events to sequence than it took, so that the next pass follows at once.
     * Outcomes of finished deliveries are written first, all in one transaction, so that the next event of each call
     * becomes due in the same pass.
     */
    boolean tick() {
        recordOutcomes();
        int sequenced = sequence();
        Instant now = Instant.now(clock);
        for (UUID endpoint : dueEndpoints(now)) {
            AtomicInteger sending = inFlight.computeIfAbsent(endpoint, id -> new AtomicInteger());
            int free = Math.min(properties.inFlightPerEndpoint() - sending.get(), properties.inFlight() - sendingInAll.get());
            if (free <= 0) {
                continue;
            }
            Thread dispatcher = loop;
            for (Outgoing outgoing : claim(endpoint, free, now)) {
                sending.incrementAndGet();
                sendingInAll.incrementAndGet();
                senders.execute(() -> {
                    try {
                        Outcome outcome = send(outgoing);
                        if (outcome != null) {
                            outcomes.add(outcome);
                        }
                    } catch (RuntimeException e) {
                        log.warn("Delivery {} failed unexpectedly; it is sent again when its lease ends: {}", outgoing.delivery(), e.getMessage());
                    } finally {
                        sendingInAll.decrementAndGet();
                        // the next pass is due once half the endpoint's slots are free, not after every delivery: each pass
                        // costs a few statements however many outcomes it writes
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

    /** One leased delivery with all that sending it takes, read by the statement that leases it. */
    private record Outgoing(UUID delivery, int attempts, UUID eventId, String payload, String url, Webhook signer, String unsignable,
                            UUID organization, UUID endpoint) {
    }

    /** What one attempt came to, waiting to be written with the others of its pass. */
    private record Outcome(Outgoing outgoing, Instant at, Integer status, String error, long millis) {
        boolean delivered() {
            return error == null;
        }
    }

    private record Leased(UUID delivery, int attempts, UUID eventId, String payload, String url, byte[] sealedSecret, UUID organization) {
    }

    /**
     * Leases up to {@code limit} due deliveries of an endpoint, each the oldest undelivered event of its subject, and reads
     * their payloads in the same statement; the endpoint's secret is opened once for all of them.
     */
    private List<Outgoing> claim(UUID endpoint, int limit, Instant now) {
        List<Leased> leased = jdbc.sql("""
                UPDATE event_deliveries d SET leased_until = ?
                FROM events e, event_endpoints p
                WHERE d.id IN (
                    SELECT due.id FROM event_deliveries due
                    WHERE due.endpoint_id = ? AND due.state = 'PENDING' AND due.next_attempt_at <= ?
                      AND (due.leased_until IS NULL OR due.leased_until <= ?)
                      AND NOT EXISTS (SELECT 1 FROM event_deliveries earlier WHERE earlier.endpoint_id = due.endpoint_id
                                      AND earlier.subject_id = due.subject_id AND earlier.state = 'PENDING' AND earlier.position < due.position)
                    ORDER BY due.position LIMIT ? FOR UPDATE OF due SKIP LOCKED)
                  AND e.id = d.event_id AND p.id = d.endpoint_id
                RETURNING d.id, d.attempts, e.id, e.payload::text, p.url, p.sealed_secret, p.organization_id""")
                .params(now.plus(LEASE).atOffset(ZoneOffset.UTC), endpoint, now.atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC), limit)
                .query((rs, row) -> new Leased(rs.getObject(1, UUID.class), rs.getInt(2), rs.getObject(3, UUID.class), rs.getString(4),
                        rs.getString(5), rs.getBytes(6), rs.getObject(7, UUID.class)))
                .list();
        if (leased.isEmpty()) {
            return List.of();
        }
        Leased first = leased.getFirst();
        Webhook signer = null;
        String unsignable = null;
        try {
            signer = new Webhook(vault.open(first.sealedSecret(), new CredentialVault.SealedFor(first.organization(), endpoint))
                    .require(EventEndpoints.SECRET_FIELD).reveal());
        } catch (EmptyWebhookSecretException | RuntimeException e) {
            unsignable = "the event could not be signed: " + e.getMessage();
        }
        List<Outgoing> outgoing = new ArrayList<>(leased.size());
        for (Leased each : leased) {
            outgoing.add(new Outgoing(each.delivery(), each.attempts(), each.eventId(), each.payload(), each.url(), signer, unsignable,
                    each.organization(), endpoint));
        }
        return outgoing;
    }

    /** Sends one delivery; null when shutting down, so that its lease runs out and another pass sends it. */
    private Outcome send(Outgoing outgoing) {
        long started = System.nanoTime();
        Integer status = null;
        String error = outgoing.unsignable();
        if (error == null) {
            try {
                URI url = URI.create(outgoing.url());
                if (!properties.allowPrivateAddresses()) {
                    EndpointAddresses.requirePublic(url);
                }
                long timestamp = Instant.now(clock).getEpochSecond();
                // webhook-id is the event's: the same on every attempt and replay, so that consumers recognise a repeat
                String msgId = "evt_" + outgoing.eventId();
                HttpRequest request = HttpRequest.newBuilder(url)
                        .timeout(properties.requestTimeout())
                        .header("Content-Type", "application/json")
                        .header("User-Agent", "CallImport-Events/1")
                        .header("webhook-id", msgId)
                        .header("webhook-timestamp", Long.toString(timestamp))
                        .header("webhook-signature", outgoing.signer().sign(msgId, timestamp, outgoing.payload()))
                        .POST(HttpRequest.BodyPublishers.ofString(outgoing.payload(), StandardCharsets.UTF_8))
                        .build();
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                status = response.statusCode();
                if (status < 200 || status > 299) {
                    error = "the endpoint answered " + status;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (IllegalArgumentException e) {
                error = e.getMessage();
            } catch (java.io.IOException e) {
                error = "no answer: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage());
            } catch (WebhookSigningException e) {
                error = "the event could not be signed: " + e.getMessage();
            }
        }
        return new Outcome(outgoing, Instant.now(clock), status, error, (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Writes the outcomes that finished since the last pass: each attempt to the log, each delivery's new state, and per
     * endpoint whether it is failing — a handful of statements and one commit however many deliveries finished.
     */
    void recordOutcomes() {
        List<Outcome> finished = new ArrayList<>();
        for (Outcome outcome; (outcome = outcomes.poll()) != null; ) {
            finished.add(outcome);
        }
        if (finished.isEmpty()) {
            return;
        }
        try {
            transaction.executeWithoutResult(tx -> record(finished));
        } catch (RuntimeException e) {
            log.warn("{} delivery outcomes could not be recorded; they are sent again when their leases end: {}", finished.size(), e.getMessage());
        }
    }

    private void record(List<Outcome> finished) {
        int size = finished.size();
        UUID[] ids = new UUID[size];
        String[] states = new String[size];
        Integer[] attempts = new Integer[size];
        Integer[] statuses = new Integer[size];
        String[] errors = new String[size];
        String[] at = new String[size];
        String[] nextAttemptAt = new String[size];
        Long[] millis = new Long[size];
        for (int i = 0; i < size; i++) {
            Outcome outcome = finished.get(i);
            int attempt = outcome.outgoing().attempts() + 1;
            Duration wait = outcome.delivered() ? Duration.ZERO : properties.retryAfter(attempt);
            ids[i] = outcome.outgoing().delivery();
            states[i] = outcome.delivered() ? "DELIVERED" : wait == null ? "FAILED" : "PENDING";
            attempts[i] = attempt;
            statuses[i] = outcome.status();
            errors[i] = outcome.error();
            at[i] = outcome.at().toString();
            nextAttemptAt[i] = outcome.at().plus(wait == null ? Duration.ZERO : wait).toString();
            millis[i] = outcome.millis();
        }
        jdbc.sql("""
                INSERT INTO event_delivery_attempts (delivery_id, at, status, error, millis)
                SELECT * FROM unnest(?::uuid[], ?::timestamptz[], ?::int[], ?::text[], ?::bigint[])""")
                .params(ids, at, statuses, errors, millis).update();
        jdbc.sql("""
                UPDATE event_deliveries d SET state = o.state, attempts = o.attempts, last_status = o.status, last_error = o.error,
                    last_attempt_at = o.at, next_attempt_at = o.next_attempt_at, leased_until = NULL,
                    delivered_at = CASE WHEN o.state = 'DELIVERED' THEN o.at ELSE d.delivered_at END
                FROM unnest(?::uuid[], ?::text[], ?::int[], ?::int[], ?::text[], ?::timestamptz[], ?::timestamptz[])
                    AS o (id, state, attempts, status, error, at, next_attempt_at)
                WHERE d.id = o.id""")
                .params(ids, states, attempts, statuses, errors, at, nextAttemptAt).update();
        Map<UUID, List<Outcome>> byEndpoint = new LinkedHashMap<>();
        for (Outcome outcome : finished) {
            byEndpoint.computeIfAbsent(outcome.outgoing().endpoint(), endpoint -> new ArrayList<>()).add(outcome);
        }
        byEndpoint.forEach(this::recordHealth);
    }

    /** A success ends an endpoint's run of failures; failures after the last success start or extend one, and may disable it. */
    private void recordHealth(UUID endpoint, List<Outcome> outcomes) {
        Instant lastSuccess = outcomes.stream().filter(Outcome::delivered).map(Outcome::at).max(Instant::compareTo).orElse(null);
        List<Outcome> failures = outcomes.stream()
                .filter(outcome -> !outcome.delivered() && (lastSuccess == null || outcome.at().isAfter(lastSuccess)))
                .sorted(java.util.Comparator.comparing(Outcome::at)).toList();
        if (failures.isEmpty()) {
            jdbc.sql("UPDATE event_endpoints SET failing_since = NULL WHERE id = ? AND failing_since IS NOT NULL").param(endpoint).update();
            return;
        }
        Outcome firstFailure = failures.getFirst();
        Outcome lastFailure = failures.getLast();
        Instant failingSince = jdbc.sql(lastSuccess == null
                        ? "UPDATE event_endpoints SET failing_since = coalesce(failing_since, ?) WHERE id = ? RETURNING failing_since"
                        : "UPDATE event_endpoints SET failing_since = ? WHERE id = ? RETURNING failing_since")
                .params(firstFailure.at().atOffset(ZoneOffset.UTC), endpoint).query(java.sql.Timestamp.class).single().toInstant();
        // 410 Gone is the endpoint saying it wants no more (Standard Webhooks); otherwise only days of failure disable it
        boolean gone = failures.stream().anyMatch(outcome -> outcome.status() != null && outcome.status() == 410);
        String reason = gone ? "the endpoint answered 410 Gone"
                : !failingSince.isAfter(lastFailure.at().minus(properties.disableAfter()))
                ? "every delivery failed since " + failingSince + " (last: " + lastFailure.error() + ")" : null;
        if (reason != null && jdbc.sql("""
                UPDATE event_endpoints SET enabled = false, disabled_reason = ?, updated_at = ? WHERE id = ? AND enabled""")
                .params(reason, lastFailure.at().atOffset(ZoneOffset.UTC), endpoint).update() == 1) {
            tellAdmins(new OrganizationId(lastFailure.outgoing().organization()), lastFailure.outgoing().url(), reason);
        }
    }

    private void tellAdmins(OrganizationId organization, String url, String reason) {
        log.info("Disabled event endpoint of organization {}: {}", organization.value(), reason);
        for (Person admin : people.of(organization).stream().filter(person -> person.role().manages()).toList()) {
            emails.send(templates.render(organization, admin.email(), "Event deliveries stopped: an endpoint was disabled",
                    "event-endpoint-disabled", Map.of("url", url, "reason", reason), settingsLink));
        }
    }
}
