package com.callimport.imports;

import com.callimport.connections.Connections;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The engine's Prometheus meters, each tagged with its platform: runs by kind and outcome, calls imported, updated and
 * failed, failures by category, vendor 429s, webhook lag. (Rate-budget waits are measured by {@code RateBudgets}.) Meters
 * live in this instance's registry: a scraper sums them across instances.
 */
@Component
public class ImportMetrics {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ImportMetrics.class);
    private final MeterRegistry meters;
    private final ImportRuns runs;
    private final Connections connections;

    ImportMetrics(MeterRegistry meters, ImportRuns runs, Connections connections) {
        this.meters = meters;
        this.runs = runs;
        this.connections = connections;
    }

    /** Failure categories: the connector's four, and our own side. */
    public enum FailureCategory { AUTHENTICATION, RATE_LIMITED, TEMPORARILY_UNAVAILABLE, UNEXPECTED_RESPONSE, INTERNAL }

    /** A run reached an outcome (completed, failed, paused by the engine). */
    @EventListener
    void outcome(ImportRunOutcome outcome) {
        // inside the transaction that moves the run: a meter must never undo the move
        try {
            ImportRun run = runs.getUnscoped(outcome.runId());
            String platform = connections.platformOf(run.organization(), run.connectionId());
            meters.counter("callimport.runs", "platform", platform, "kind", run.kind().name().toLowerCase(java.util.Locale.ROOT),
                    "outcome", outcome.state().name().toLowerCase(java.util.Locale.ROOT)).increment();
        } catch (RuntimeException unmeasured) {
            log.warn("run {} reached {} but could not be counted: {}", outcome.runId(), outcome.state(), unmeasured.toString());
        }
    }

    /** A page (or a webhook's batch) of calls was committed. */
    public void stored(String platform, long imported, long updated, long failed) {
        meters.counter("callimport.calls.imported", "platform", platform).increment(imported);
        meters.counter("callimport.calls.updated", "platform", platform).increment(updated);
        meters.counter("callimport.calls.failed", "platform", platform).increment(failed);
    }

    public void failure(String platform, FailureCategory category) {
        meters.counter("callimport.failures", "platform", platform, "category", category.name().toLowerCase(java.util.Locale.ROOT))
                .increment();
    }

    /** From a vendor's webhook notice reaching us to its calls being stored. */
    public void webhookLag(String platform, java.time.Duration lag) {
        meters.timer("callimport.webhook.lag", "platform", platform).record(lag);
    }

    /** The vendor answered 429 (the engine waits its Retry-After). */
    public void rateLimited(String platform) {
        meters.counter("callimport.vendor.rate.limited", "platform", platform).increment();
    }
}
