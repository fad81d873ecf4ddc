package com.callimport;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The engine's settings ({@code callimport.*}), validated at start-up.
 *
 * @param dataDirectory     where the embedded database, the vault keyset of the embedded default and
 *                          the filesystem blob store live
 * @param requestTimeout    the longest a connector waits for one vendor response
 * @param rateBudgets       whether vendors' documented limits are enforced (off only for benchmarks)
 * @param parallelDownloads how many recordings one page downloads at once
 * @param retry             how vendor faults are retried
 * @param platforms         per-platform overrides, e.g. {@code callimport.platforms.<platform id>.base-url}
 */
@ConfigurationProperties("callimport")
public record EngineProperties(
        Path dataDirectory,
        @DefaultValue("30s") Duration requestTimeout,
        @DefaultValue("true") boolean rateBudgets,
        @DefaultValue("6") int parallelDownloads,
        @DefaultValue Retry retry,
        Map<String, Platform> platforms) {

    public EngineProperties {
        platforms = platforms == null ? Map.of() : Map.copyOf(platforms);
        if (parallelDownloads < 1) {
            throw new IllegalArgumentException("callimport.parallel-downloads must be at least 1, not " + parallelDownloads);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("callimport.request-timeout must be positive, not " + requestTimeout);
        }
    }

    /**
     * @param maxAttempts    tries of one vendor request before the failure is recorded (5xx, timeouts)
     * @param initialBackoff the first wait after a failure; doubles each try, with jitter
     * @param maxBackoff     the longest single wait
     * @param maxRateLimitWaits how many 429s in a row one request tolerates before the run pauses
     * @param requestBudget  the longest a customer's request (a preview, creating a run) waits in all for
     *                       retries of transient vendor faults before it answers 503
     */
    public record Retry(
            @DefaultValue("6") int maxAttempts,
            @DefaultValue("1s") Duration initialBackoff,
            @DefaultValue("60s") Duration maxBackoff,
            @DefaultValue("50") int maxRateLimitWaits,
            @DefaultValue("5s") Duration requestBudget) {
        public Retry {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("callimport.retry.max-attempts must be at least 1, not " + maxAttempts);
            }
            if (requestBudget.isNegative()) {
                throw new IllegalArgumentException("callimport.retry.request-budget cannot be negative, not " + requestBudget);
            }
        }
    }

    /** @param baseUrl the vendor API address to use instead of the documented one (a sandbox or simulator) */
    public record Platform(URI baseUrl) {
    }
}
