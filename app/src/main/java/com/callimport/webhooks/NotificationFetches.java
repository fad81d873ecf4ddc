package com.callimport.webhooks;

import com.callimport.connections.ConnectionStatus;
import com.callimport.connections.Connections;
import com.callimport.connections.OpenSources;
import com.callimport.connector.CallPage;
import com.callimport.connector.CallSource;
import com.callimport.connector.ConnectorException;
import com.callimport.imports.CallIntake;
import com.callimport.imports.VendorRetry;
import com.callimport.organizations.OrganizationId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jobrunr.jobs.annotations.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fetches the calls that authentic notifications named, from the inbox of deliveries. A delivery is worked
 * right after it is received, on this instance, so that a call is stored within seconds of its notification;
 * a delivery is claimed with a lease first, so that the recurring {@link #sweep()} on any instance takes over
 * one whose instance died, and one whose calls the vendor's log does not show yet is asked for again later.
 * Public for JobRunr.
 */
@Component
public class NotificationFetches implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(NotificationFetches.class);
    // longer than any fetch with its retries takes; an expired lease means its instance is gone
    private static final Duration LEASE = Duration.ofMinutes(5);

    private final JdbcClient jdbc;
    private final OpenSources sources;
    private final Connections connections;
    private final VendorRetry retry;
    private final CallIntake intake;
    private final TransactionTemplate transaction;
    private final WebhookProperties properties;
    private final Clock clock;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
            .name("webhook-fetch-timer").factory());
    private final Semaphore concurrency;

    NotificationFetches(JdbcClient jdbc, OpenSources sources, Connections connections, VendorRetry retry, CallIntake intake,
                        TransactionTemplate transaction, WebhookProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.sources = sources;
        this.connections = connections;
        this.retry = retry;
        this.intake = intake;
        this.transaction = transaction;
        this.properties = properties;
        this.clock = clock;
        this.concurrency = new Semaphore(properties.fetchConcurrency());
    }

    record DeliveryKey(UUID connectionId, String deliveryId) {
    }

    private record Claimed(DeliveryKey key, OrganizationId organization, String platform, List<String> affectedCalls, int attempt) {
    }

    /** Works a delivery on this instance as soon as a fetch slot is free. */
    void processSoon(DeliveryKey key) {
        workers.submit(() -> {
            try {
                concurrency.acquire();
                try {
                    process(key);
                } finally {
                    concurrency.release();
                }
            } catch (InterruptedException shuttingDown) {
                Thread.currentThread().interrupt(); // the lease expires and the sweep of another instance takes it
            } catch (RuntimeException unexpected) {
                log.error("Webhook delivery {} of connection {} could not be worked; the sweep retries it",
                        key.deliveryId(), key.connectionId(), unexpected);
            }
        });
    }

    /** Takes over deliveries that are due and unclaimed (their instance died, or a retry came due), and forgets old ones. */
    @Job(name = "Work the webhook inbox")
    public void sweep() {
        Instant now = Instant.now(clock);
        List<DeliveryKey> due = jdbc.sql("""
                SELECT connection_id, delivery_id FROM webhook_deliveries
                WHERE state = 'PENDING' AND due_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)
                ORDER BY due_at LIMIT 1000""")
                .params(now.atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC))
                .query((rs, row) -> new DeliveryKey(rs.getObject(1, UUID.class), rs.getString(2)))
                .list();
        due.forEach(this::processSoon);
        // a replay older than the tolerance is refused by its timestamp, so its id need not be remembered
        jdbc.sql("DELETE FROM webhook_deliveries WHERE state <> 'PENDING' AND received_at < ?")
                .param(now.minus(properties.replayTolerance().multipliedBy(2)).atOffset(ZoneOffset.UTC))
                .update();
    }

    private void process(DeliveryKey key) throws InterruptedException {
        Optional<Claimed> claimed = claim(key);
        if (claimed.isEmpty()) {
            return; // done, or another worker holds it, or not due yet
        }
        Claimed delivery = claimed.get();
        try (CallSource source = sources.open(delivery.organization(), key.connectionId())) {
            CallPage page = retry.send(() -> source.fetchCalls(delivery.affectedCalls()), VendorRetry.Observer.NONE);
            if (page.listedCalls() == 0) {
                retryLater(delivery, "the vendor's call log does not show the call yet");
                return;
            }
            CallIntake.Prepared prepared = intake.prepare(source, delivery.organization(), delivery.platform(), page,
                    VendorRetry.Observer.NONE);
            transaction.executeWithoutResult(status -> {
                CallIntake.Written written = intake.write(prepared, delivery.organization(), key.connectionId(), delivery.platform(), null);
                String failures = prepared.failed().stream().map(failed -> failed.vendorCallId() + ": " + failed.reason())
                        .collect(Collectors.joining("; "));
                finish(key, "DONE", written.imported(), written.updated(), prepared.failed().size(),
                        failures.isEmpty() ? "fetched " + prepared.fingerprints().size() + " call(s)" : "some calls failed: " + failures);
            });
        } catch (ConnectorException.AuthenticationFailed refused) {
            connections.recordHealth(delivery.organization(), key.connectionId(), ConnectionStatus.NEEDS_ATTENTION, refused.getMessage());
            finish(key, "FAILED", 0, 0, 0, "the vendor refused the connection's credentials: " + refused.getMessage()
                    + " After reconnecting, the next pass of the sync imports the call.");
        } catch (ConnectorException failure) {
            retryLater(delivery, failure.getMessage());
        }
    }

    private Optional<Claimed> claim(DeliveryKey key) {
        Instant now = Instant.now(clock);
        return jdbc.sql("""
                UPDATE webhook_deliveries d SET claimed_until = ?, attempts = attempts + 1
                FROM connections c
                WHERE c.id = d.connection_id AND d.connection_id = ? AND d.delivery_id = ? AND d.state = 'PENDING' AND d.due_at <= ?
                  AND (d.claimed_until IS NULL OR d.claimed_until < ?)
                RETURNING d.organization_id, c.platform, d.affected_calls, d.attempts""")
                .params(now.plus(LEASE).atOffset(ZoneOffset.UTC), key.connectionId(), key.deliveryId(), now.atOffset(ZoneOffset.UTC),
                        now.atOffset(ZoneOffset.UTC))
                .query((rs, row) -> new Claimed(key, new OrganizationId(rs.getObject(1, UUID.class)), rs.getString(2),
                        Arrays.asList((String[]) rs.getArray(3).getArray()), rs.getInt(4)))
                .optional();
    }

    private void retryLater(Claimed delivery, String reason) {
        List<Duration> delays = properties.fetchRetryDelays();
        if (delivery.attempt() > delays.size()) {
            finish(delivery.key(), "FAILED", 0, 0, 0, "gave up after " + delivery.attempt() + " attempts (" + reason
                    + "); the next scheduled pass of the sync imports the call");
            return;
        }
        Duration delay = delays.get(delivery.attempt() - 1);
        jdbc.sql("UPDATE webhook_deliveries SET due_at = ?, claimed_until = NULL, outcome = ? WHERE connection_id = ? AND delivery_id = ?")
                .params(Instant.now(clock).plus(delay).atOffset(ZoneOffset.UTC), "attempt " + delivery.attempt() + ": " + reason,
                        delivery.key().connectionId(), delivery.key().deliveryId())
                .update();
        timer.schedule(() -> processSoon(delivery.key()), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void finish(DeliveryKey key, String state, long imported, long updated, long failed, String outcome) {
        jdbc.sql("""
                UPDATE webhook_deliveries SET state = ?, imported = ?, updated = ?, failed = ?, outcome = ?, finished_at = ?,
                    claimed_until = NULL
                WHERE connection_id = ? AND delivery_id = ?""")
                .params(state, imported, updated, failed, outcome, Instant.now(clock).atOffset(ZoneOffset.UTC), key.connectionId(),
                        key.deliveryId())
                .update();
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
        workers.shutdownNow();
    }
}
