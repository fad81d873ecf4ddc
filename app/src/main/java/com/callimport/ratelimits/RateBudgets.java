package com.callimport.ratelimits;

import com.callimport.connector.RateLimit;
import com.callimport.connector.RequestPermits;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Hands out {@link RequestPermits} that draw from one Bucket4j bucket per vendor account (and per named request
 * group). The bucket lives in PostgreSQL, so every job on every instance that uses the account shares it, and a
 * restart continues where the budget stood; a permit is reserved in the bucket first and only then waited for,
 * so concurrent callers queue up in order instead of stampeding when tokens refill.
 *
 * <p>Each limit gets a {@link BudgetShape} that keeps every rolling window of the limit's length within the limit.
 * When the vendor answers 429 anyway, {@link RequestPermits#refused} holds the budget until the vendor's
 * Retry-After on every instance, and eases its pace (to {@value #EASED} of it per refusal, down to
 * {@value #SLOWEST}) until an hour passes without a refusal. See docs/adr/0009-rolling-window-budgets-that-back-off.md.
 */
public class RateBudgets {
    static final double EASED = 0.8;
    static final double SLOWEST = 0.5;
    static final Duration RECOVERY = Duration.ofHours(1);
    /** Raise when {@link BudgetShape} changes, so that buckets stored with an older shape are replaced. */
    private static final long SHAPE_GENERATION = 2;

    private final ProxyManager<Long> buckets;
    private final JdbcClient jdbc;
    private final Sleeper sleeper;
    private final Clock clock;
    private final boolean enforced;
    private final LongAdder nanosWaited = new LongAdder();
    private volatile io.micrometer.core.instrument.MeterRegistry meters;

    public RateBudgets(ProxyManager<Long> buckets, JdbcClient jdbc, Sleeper sleeper, Clock clock, boolean enforced) {
        this.buckets = buckets;
        this.jdbc = jdbc;
        this.sleeper = sleeper;
        this.clock = clock;
        this.enforced = enforced;
    }

    /** Reports each wait as {@code callimport.rate.budget.wait} tagged with its platform (Prometheus, for operators). */
    public RateBudgets measuredBy(io.micrometer.core.instrument.MeterRegistry registry) {
        this.meters = registry;
        return this;
    }

    /** Bucket4j's time from the engine's clock, so that tests can move both together. */
    public static TimeMeter timeMeter(Clock clock) {
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
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
     * declared group draws from that group's bucket and from the account's, any other from the account's only.
     */
    public RequestPermits forAccount(String platform, String account, List<RateLimit> limits, Map<String, List<RateLimit>> groups) {
        if (!enforced) {
            return RequestPermits.UNLIMITED;
        }
        Gate accountGate = new Gate(platform, bucketKey(platform, account), limits);
        Map<String, Gate> groupGates = new HashMap<>();
        groups.forEach((group, groupLimits) -> groupGates.put(group, new Gate(platform, bucketKey(platform, account + "\n" + group),
                groupLimits)));
        return new RequestPermits() {
            @Override
            public void awaitPermit() throws InterruptedException {
                accountGate.pass();
            }

            @Override
            public void awaitPermit(String group) throws InterruptedException {
                Gate groupGate = groupGates.get(group);
                if (groupGate != null) {
                    groupGate.pass();
                }
                accountGate.pass();
            }

            @Override
            public void refused(Duration retryAfter) {
                accountGate.hold(retryAfter);
            }

            @Override
            public void refused(String group, Duration retryAfter) {
                groupGates.getOrDefault(group, accountGate).hold(retryAfter);
            }
        };
    }

    /** Total time callers were held back by budgets in this process; for metrics and benchmarks. */
    public Duration timeWaited() {
        return Duration.ofNanos(nanosWaited.sum());
    }

    /** The state a vendor's refusals left on a budget: held until {@code blockedUntil}, at {@code pace} of its rate. */
    record Hold(Instant blockedUntil, double pace, long version) {
        static final Hold NONE = new Hold(Instant.EPOCH, 1, 0);
    }

    private final class Gate {
        private final String platform;
        private final long key;
        private final List<RateLimit> limits;
        private final Duration lateness;

        Gate(String platform, long key, List<RateLimit> limits) {
            this.platform = platform;
            this.key = key;
            this.limits = limits;
            // half the tightest window's margin: the other half is for the network
            this.lateness = limits.stream().map(BudgetShape::margin).min(Duration::compareTo).orElse(Duration.ZERO).dividedBy(2);
        }

        void pass() throws InterruptedException {
            if (limits.isEmpty()) {
                return;
            }
            Hold hold = currentHold();
            // a refusal that arrives while this caller is parked, or a wake-up later than the window's jitter margin
            // allows, sends it back to queue for a slot of its own once more
            for (int round = 0; round < 3; round++) {
                waitFor(platform, Duration.between(clock.instant(), hold.blockedUntil()));
                Instant[] release = {clock.instant()};
                bucket(hold).asBlocking().consume(1, nanos -> {
                    release[0] = release[0].plusNanos(nanos);
                    waitFor(platform, Duration.ofNanos(nanos));
                });
                Hold after = currentHold();
                boolean heldMeanwhile = after.blockedUntil().isAfter(hold.blockedUntil()) && after.blockedUntil().isAfter(clock.instant());
                boolean wokeLate = Duration.between(release[0], clock.instant()).compareTo(lateness) > 0;
                if (!heldMeanwhile && !wokeLate) {
                    return;
                }
                hold = after;
            }
        }

        void hold(Duration retryAfter) {
            if (limits.isEmpty()) {
                return;
            }
            Instant now = clock.instant();
            // while a hold is on, the refusals of workers that were already in flight do not ease the pace again
            jdbc.sql("""
                    INSERT INTO rate_budget_holds AS h (id, blocked_until, pace, refused_at, version) VALUES (?, ?, ?, ?, 1)
                    ON CONFLICT (id) DO UPDATE SET
                        pace = CASE WHEN h.blocked_until > excluded.refused_at THEN h.pace
                                    ELSE greatest(?, CASE WHEN h.refused_at < ? THEN 1 ELSE h.pace END * ?) END,
                        version = CASE WHEN h.blocked_until > excluded.refused_at THEN h.version ELSE h.version + 1 END,
                        blocked_until = greatest(h.blocked_until, excluded.blocked_until),
                        refused_at = excluded.refused_at""")
                    .params(key, utc(now.plus(retryAfter)), EASED, utc(now), SLOWEST, utc(now.minus(RECOVERY)), EASED)
                    .update();
        }

        private Hold currentHold() {
            Instant now = clock.instant();
            return jdbc.sql("SELECT blocked_until, pace, refused_at, version FROM rate_budget_holds WHERE id = ?")
                    .param(key)
                    .query((rs, row) -> {
                        boolean recovered = rs.getTimestamp("refused_at").toInstant().isBefore(now.minus(RECOVERY));
                        // the version orders every pace this budget had: each refusal, and each recovery after one
                        return new Hold(rs.getTimestamp("blocked_until").toInstant(), recovered ? 1 : rs.getDouble("pace"),
                                rs.getLong("version") * 2 + (recovered ? 1 : 0));
                    })
                    .optional()
                    .orElse(Hold.NONE);
        }

        private BucketProxy bucket(Hold hold) {
            BucketConfiguration configuration = configuration(limits, hold.pace());
            return buckets.builder()
                    .withImplicitConfigurationReplacement((SHAPE_GENERATION << 40) + hold.version(), TokensInheritanceStrategy.AS_IS)
                    .build(key, () -> configuration);
        }
    }

    private void waitFor(String platform, Duration wait) throws InterruptedException {
        if (wait.isNegative() || wait.isZero()) {
            return;
        }
        nanosWaited.add(wait.toNanos());
        io.micrometer.core.instrument.MeterRegistry registry = meters;
        if (registry != null) {
            registry.timer("callimport.rate.budget.wait", "platform", platform).record(wait);
        }
        sleeper.sleep(wait);
    }

    /**
     * The least time {@code requests} can take under {@code limits} starting from a full budget: each limit
     * lets its shape's burst through at once and the rest at its shape's rate; the slowest limit decides.
     */
    public static Duration shortestTime(List<RateLimit> limits, long requests) {
        double seconds = 0;
        for (RateLimit limit : limits) {
            BudgetShape shape = BudgetShape.of(limit, 1);
            double beyondBurst = Math.max(0, requests - shape.burst());
            seconds = Math.max(seconds, beyondBurst / shape.sustainedRequestsPerSecond());
        }
        return Duration.ofMillis((long) Math.ceil(seconds * 1000));
    }

    static BucketConfiguration configuration(List<RateLimit> limits, double pace) {
        var builder = BucketConfiguration.builder();
        for (int i = 0; i < limits.size(); i++) {
            BudgetShape shape = BudgetShape.of(limits.get(i), pace);
            String id = "limit-" + i;
            builder.addLimit(bandwidth -> bandwidth.capacity(shape.burst())
                    .refillGreedy(shape.refillTokens(), shape.refillPeriod())
                    .id(id));
        }
        return builder.build();
    }

    private static java.time.OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
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
