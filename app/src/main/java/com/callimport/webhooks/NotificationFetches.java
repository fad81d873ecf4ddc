package com.callimport.webhooks;

import com.callimport.connections.ConnectionStatus;
import com.callimport.connections.Connections;
import com.callimport.connections.OpenSources;
import com.callimport.connector.CallPage;
import com.callimport.connector.CallSource;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.SourceCall;
import com.callimport.imports.CallIntake;
import com.callimport.imports.MissingRecordings;
import com.callimport.imports.VendorRetry;
import com.callimport.organizations.OrganizationId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
import org.jobrunr.scheduling.JobScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fetches the calls that authentic notifications named, from the inbox of deliveries. A delivery is worked
 * on this instance within the batch window after it is received, with the other deliveries of its connection that
 * arrived meanwhile (one read of the vendor's call log for a burst), so that a call is stored within seconds;
 * a delivery is claimed with a lease first, so that the recurring {@link #sweep()} on any instance takes over
 * one whose instance died, and one whose calls the vendor's log does not show yet is asked for again later.
 * Public for JobRunr.
 */
@Component
public class NotificationFetches implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(NotificationFetches.class);
    // longer than any fetch with its retries takes; an expired lease means its instance is gone
    private static final Duration LEASE = Duration.ofMinutes(5);
    // deliveries of one connection fetched together at most
    private static final int BATCH = 100;

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
    // connections whose deliveries are being gathered for one fetch
    private final Map<UUID, Boolean> gathering = new ConcurrentHashMap<>();
    private final MissingRecordings missingRecordings;
    private final JobScheduler jobs;
    private final com.callimport.imports.ImportMetrics metrics;

    NotificationFetches(JdbcClient jdbc, OpenSources sources, Connections connections, VendorRetry retry, CallIntake intake,
                        TransactionTemplate transaction, WebhookProperties properties, Clock clock,
                        MissingRecordings missingRecordings, JobScheduler jobs, com.callimport.imports.ImportMetrics metrics) {
        this.metrics = metrics;
        this.missingRecordings = missingRecordings;
        this.jobs = jobs;
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

    /**
     * Works a delivery on this instance soon: after the batch window, together with every other delivery of its
     * connection that is ready by then, as soon as a fetch slot is free.
     */
    void processSoon(DeliveryKey key) {
        UUID connectionId = key.connectionId();
        if (gathering.putIfAbsent(connectionId, Boolean.TRUE) != null) {
            return; // a fetch of this connection is about to start and takes this delivery too
        }
        timer.schedule(() -> workers.submit(() -> drain(connectionId)), properties.fetchBatchWindow().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void drain(UUID connectionId) {
        gathering.remove(connectionId); // deliveries that arrive from now on start the next gathering
        try {
            concurrency.acquire();
            try {
                process(connectionId);
            } finally {
                concurrency.release();
            }
        } catch (InterruptedException shuttingDown) {
            Thread.currentThread().interrupt(); // the lease expires and the sweep of another instance takes it
        } catch (RuntimeException unexpected) {
            log.error("Webhook deliveries of connection {} could not be worked; the sweep retries them", connectionId, unexpected);
        }
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

    /**
     * Fetches the calls of the connection's ready deliveries with one request where the connector can, stores them at
     * once without their recordings, and leaves the recordings to {@link MissingRecordings}, started right after: a
     * burst of calls is visible before the vendor's request budget allows all their recordings.
     */
    private void process(UUID connectionId) throws InterruptedException {
        List<Claimed> batch = claim(connectionId);
        if (batch.isEmpty()) {
            return; // done, or another worker holds them, or not due yet
        }
        OrganizationId organization = batch.getFirst().organization();
        String platform = batch.getFirst().platform();
        try (CallSource source = sources.open(organization, connectionId)) {
            Set<String> keys = new LinkedHashSet<>();
            batch.forEach(delivery -> keys.addAll(delivery.affectedCalls()));
            Map<String, CallPage> byKey = retry.send(() -> source.fetchCallsByKey(keys), VendorRetry.Observer.NONE);
            Map<Claimed, CallIntake.Prepared> found = new LinkedHashMap<>();
            for (Claimed delivery : batch) {
                CallPage page = pageOf(delivery, byKey);
                if (page.listedCalls() == 0) {
                    retryLater(delivery, "the vendor's call log does not show the call yet");
                } else {
                    found.put(delivery, intake.deferRecordings(page));
                }
            }
            if (found.isEmpty()) {
                return;
            }
            transaction.executeWithoutResult(status -> found.forEach((delivery, prepared) -> {
                CallIntake.Written written = intake.write(prepared, organization, connectionId, platform, null);
                String failures = prepared.failed().stream().map(failed -> failed.vendorCallId() + ": " + failed.reason())
                        .collect(Collectors.joining("; "));
                finish(delivery.key(), "DONE", written.imported(), written.updated(), prepared.failed().size(),
                        failures.isEmpty() ? "fetched " + prepared.fingerprints().size() + " call(s)" : "some calls failed: " + failures);
            }));
            if (found.values().stream().anyMatch(prepared -> !prepared.missing().isEmpty())) {
                jobs.enqueue(() -> missingRecordings.fetchDue());
            }
        } catch (ConnectorException.AuthenticationFailed refused) {
            connections.recordHealth(organization, connectionId, ConnectionStatus.NEEDS_ATTENTION, refused.getMessage());
            batch.forEach(delivery -> finish(delivery.key(), "FAILED", 0, 0, 0, "the vendor refused the connection's credentials: "
                    + refused.getMessage() + " After reconnecting, the next pass of the sync imports the call."));
        } catch (ConnectorException failure) {
            batch.forEach(delivery -> retryLater(delivery, failure.getMessage()));
        }
    }

    /** The calls a delivery named, from the answer for all of the batch's keys. */
    private static CallPage pageOf(Claimed delivery, Map<String, CallPage> byKey) {
        List<SourceCall> calls = new ArrayList<>();
        List<CallPage.SkippedCall> skipped = new ArrayList<>();
        List<CallPage.FailedCall> failed = new ArrayList<>();
        for (String key : new LinkedHashSet<>(delivery.affectedCalls())) {
            CallPage page = byKey.getOrDefault(key, CallPage.empty());
            calls.addAll(page.calls());
            skipped.addAll(page.skipped());
            failed.addAll(page.failed());
        }
        return new CallPage(calls, skipped, failed, Optional.empty());
    }

    /** Claims the connection's ready deliveries, a batch at a time, with a lease. */
    private List<Claimed> claim(UUID connectionId) {
        Instant now = Instant.now(clock);
        return jdbc.sql("""
                UPDATE webhook_deliveries d SET claimed_until = ?, attempts = d.attempts + 1
                FROM connections c
                WHERE c.id = d.connection_id AND (d.connection_id, d.delivery_id) IN (
                    SELECT connection_id, delivery_id FROM webhook_deliveries
                    WHERE connection_id = ? AND state = 'PENDING' AND due_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)
                    ORDER BY due_at LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING d.delivery_id, d.organization_id, c.platform, d.affected_calls, d.attempts""")
                .params(now.plus(LEASE).atOffset(ZoneOffset.UTC), connectionId, now.atOffset(ZoneOffset.UTC),
                        now.atOffset(ZoneOffset.UTC), BATCH)
                .query((rs, row) -> new Claimed(new DeliveryKey(connectionId, rs.getString(1)),
                        new OrganizationId(rs.getObject(2, UUID.class)), rs.getString(3),
                        Arrays.asList((String[]) rs.getArray(4).getArray()), rs.getInt(5)))
                .list();
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
        Instant now = Instant.now(clock);
        jdbc.sql("""
                UPDATE webhook_deliveries d SET state = ?, imported = ?, updated = ?, failed = ?, outcome = ?, finished_at = ?,
                    claimed_until = NULL
                FROM connections c
                WHERE c.id = d.connection_id AND d.connection_id = ? AND d.delivery_id = ?
                RETURNING c.platform, d.received_at""")
                .params(state, imported, updated, failed, outcome, now.atOffset(ZoneOffset.UTC), key.connectionId(), key.deliveryId())
                .query((rs, row) -> {
                    if (state.equals("DONE")) {
                        metrics.stored(rs.getString(1), imported, updated, failed);
                        metrics.webhookLag(rs.getString(1), java.time.Duration.between(rs.getTimestamp(2).toInstant(), now));
                    }
                    return 1;
                })
                .list();
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
        workers.shutdownNow();
    }
}
