package com.callimport.ratelimits;

import com.callimport.connector.RateLimit;
import com.callimport.connector.RequestPermits;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Hands out {@link RequestPermits} that draw from one Bucket4j bucket per vendor account. The bucket
 * lives in PostgreSQL, so every job on every instance that uses the account shares it; a permit is
 * reserved in the bucket first and only then waited for, so concurrent callers queue up in order
 * instead of stampeding when tokens refill.
 */
public class RateBudgets {
    private final ProxyManager<Long> buckets;
    private final Sleeper sleeper;
    private final boolean enforced;
    private final LongAdder nanosWaited = new LongAdder();

    public RateBudgets(ProxyManager<Long> buckets, Sleeper sleeper, boolean enforced) {
        this.buckets = buckets;
        this.sleeper = sleeper;
        this.enforced = enforced;
    }

    /**
     * The permits for one vendor account.
     *
     * @param account the connector's account identity (may contain secrets: only its hash is stored)
     * @param limits  the vendor's documented limits for that account
     */
    public RequestPermits forAccount(String platform, String account, List<RateLimit> limits) {
        if (!enforced || limits.isEmpty()) {
            return RequestPermits.UNLIMITED;
        }
        BucketConfiguration configuration = configuration(limits);
        var bucket = buckets.getProxy(bucketKey(platform, account), () -> configuration);
        BlockingStrategy waitWithSleeper = nanos -> {
            nanosWaited.add(nanos);
            sleeper.sleep(Duration.ofNanos(nanos));
        };
        return () -> bucket.asBlocking().consume(1, waitWithSleeper);
    }

    /** Total time callers were held back by budgets in this process; for metrics and benchmarks. */
    public Duration timeWaited() {
        return Duration.ofNanos(nanosWaited.sum());
    }

    /**
     * The least time {@code requests} can take under {@code limits} starting from a full budget: each limit
     * lets its burst through at once and the rest at its sustained rate; the slowest limit decides.
     */
    public static Duration shortestTime(List<RateLimit> limits, long requests) {
        double seconds = 0;
        for (RateLimit limit : limits) {
            double beyondBurst = Math.max(0, requests - limit.requests());
            seconds = Math.max(seconds, beyondBurst / limit.sustainedRequestsPerSecond());
        }
        return Duration.ofMillis((long) Math.ceil(seconds * 1000));
    }

    static BucketConfiguration configuration(List<RateLimit> limits) {
        var builder = BucketConfiguration.builder();
        for (RateLimit limit : limits) {
            // The sustained rate is the vendor's; the burst is one request smaller, so that the vendor's own
            // bucket keeps a request in hand when network jitter makes two of ours arrive closer than we sent them.
            long burst = Math.max(1, limit.requests() - 1);
            builder.addLimit(bandwidth -> bandwidth.capacity(burst).refillGreedy(limit.requests(), limit.period()));
        }
        return builder.build();
    }

    static long bucketKey(String platform, String account) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((platform + '\n' + account).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }
}
