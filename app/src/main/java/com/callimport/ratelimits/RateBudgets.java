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
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
        return forAccount(platform, account, limits, Map.of());
    }

    /**
     * The permits for one vendor account whose vendor also limits named groups of requests; a request in a
     * declared group draws from that group's bucket only, any other from the account's.
     */
    public RequestPermits forAccount(String platform, String account, List<RateLimit> limits, Map<String, List<RateLimit>> groups) {
        if (!enforced) {
            return RequestPermits.UNLIMITED;
        }
        Gate accountGate = gate(bucketKey(platform, account), limits);
        Map<String, Gate> groupGates = new java.util.HashMap<>();
        groups.forEach((group, groupLimits) -> groupGates.put(group, gate(bucketKey(platform, account + "\n" + group), groupLimits)));
        return new RequestPermits() {
            @Override
            public void awaitPermit() throws InterruptedException {
                accountGate.pass();
            }

            @Override
            public void awaitPermit(String group) throws InterruptedException {
                groupGates.getOrDefault(group, accountGate).pass();
            }
        };
    }

    @FunctionalInterface
    private interface Gate {
        void pass() throws InterruptedException;
    }

    private Gate gate(long key, List<RateLimit> limits) {
        if (limits.isEmpty()) {
            return () -> { };
        }
        BucketConfiguration configuration = configuration(limits);
        var bucket = buckets.getProxy(key, () -> configuration);
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

    /**
     * The time {@code requests} take when paced by this engine's own buckets ({@link #configuration}), which
     * hold back part of a vendor's burst: a sub-minute limit lets {@code requests - 1} through at once, a
     * minute limit one, then each refills at the rate configured for it; hourly and daily quotas pass in full
     * and then wait for the next window. The slowest limit decides. This, not {@link #shortestTime}, is what
     * an import under the engine's budget actually takes.
     */
    public static Duration pacedTime(List<RateLimit> limits, long requests) {
        double seconds = 0;
        for (RateLimit limit : limits) {
            double periodSeconds = limit.period().toNanos() / 1e9;
            double burst;
            double perSecond;
            if (limit.period().compareTo(Duration.ofMinutes(1)) < 0) {
                burst = Math.max(1, limit.requests() - 1);
                perSecond = limit.requests() / periodSeconds;
            } else if (limit.period().compareTo(Duration.ofHours(1)) < 0) {
                burst = 1;
                perSecond = Math.max(1, limit.requests() - 1) / periodSeconds;
            } else {
                burst = limit.requests();
                perSecond = limit.requests() / periodSeconds;
            }
            seconds = Math.max(seconds, Math.max(0, requests - burst) / perSecond);
        }
        return Duration.ofMillis((long) Math.ceil(seconds * 1000));
    }

    static BucketConfiguration configuration(List<RateLimit> limits) {
        var builder = BucketConfiguration.builder();
        for (RateLimit limit : limits) {
            builder.addLimit(bandwidth -> {
                if (limit.period().compareTo(Duration.ofMinutes(1)) < 0) {
                    // Sub-minute limits behave as token buckets at vendors: keep the vendor's sustained rate, but hold
                    // one request of the burst back so that jitter cannot bring two of ours closer than we sent them.
                    return bandwidth.capacity(Math.max(1, limit.requests() - 1)).refillGreedy(limit.requests(), limit.period());
                }
                if (limit.period().compareTo(Duration.ofHours(1)) < 0) {
                    // Minute limits are counted in windows, some with a penalty (60 s at one dialer): a burst of one and a
                    // rate of requests - 1 per period never puts more than `requests` into any window of that length.
                    return bandwidth.capacity(1).refillGreedy(Math.max(1, limit.requests() - 1), limit.period());
                }
                // Hourly and daily quotas reset at fixed times (daily ones at midnight UTC): the whole quota is
                // available within each such window, and a request spent is back only when the window turns.
                return bandwidth.capacity(limit.requests())
                        .refillIntervallyAlignedWithAdaptiveInitialTokens(limit.requests(), limit.period(), Instant.EPOCH);
            });
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
