package com.callimport.ratelimits;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connector.RateLimit;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RateBudgetsTest {
    private static final List<RateLimit> GONG = List.of(RateLimit.perSecond(3), RateLimit.perDay(10_000));

    @Test
    void theFirstRequestGoesAtOnce() {
        assertThat(RateBudgets.shortestTime(GONG, 1)).isEqualTo(Duration.ZERO);
    }

    @Test
    void thePerSecondLimitDecidesBelowTheDailyBudget() {
        // 300 requests after the first, one every (1 s + a 100 ms margin for jitter) / 3
        assertThat(RateBudgets.shortestTime(GONG, 301).toMillis()).isBetween(110_000L, 110_001L);
    }

    @Test
    void theDailyLimitDecidesBeyondIt() {
        // 25,000 requests: 5,000 at once, 20,000 more at 5,000 per 1.05 days (no rolling day holds more than 10,000)
        assertThat(RateBudgets.shortestTime(GONG, 25_000)).isEqualTo(Duration.ofMinutes((long) (4 * 1.05 * 24 * 60)));
    }

    @Test
    void noLimitsMeansNoWait() {
        assertThat(RateBudgets.shortestTime(List.of(), 1_000_000)).isEqualTo(Duration.ZERO);
    }

    /**
     * Crowds of waiters arrive at random moments (reserving in turn, as the shared bucket makes them) and the
     * grant times are checked against every window of the limit's length, wherever it starts: Gong's 3/s,
     * Fathom's 60/min, RingCentral Heavy's 10/min, Grain's 300/min, an hourly and a daily quota.
     */
    @ParameterizedTest
    @ValueSource(strings = {"3/PT1S", "60/PT1M", "10/PT1M", "300/PT1M", "100/PT1H", "20/P1D"})
    void noRollingWindowOfTheLimitsLengthEverHoldsMoreThanItsRequests(String declared) throws InterruptedException {
        RateLimit limit = new RateLimit(Long.parseLong(declared.split("/")[0]), Duration.parse(declared.split("/")[1]));
        AtomicLong now = new AtomicLong(1_000_000_000_000L);
        var builder = Bucket.builder().withCustomTimePrecision(new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return now.get();
            }

            @Override
            public boolean isWallClockBased() {
                return false;
            }
        });
        java.util.Arrays.stream(RateBudgets.configuration(List.of(limit), 1).getBandwidths()).forEach(builder::addLimit);
        Bucket bucket = builder.build();
        long period = limit.period().toNanos();
        Random random = new Random(20261129);
        List<Long> granted = new ArrayList<>();
        for (int crowd = 0; crowd < 60; crowd++) {
            int waiters = 1 + random.nextInt((int) Math.min(2 * limit.requests(), 40));
            for (int i = 0; i < waiters; i++) {
                AtomicLong parked = new AtomicLong();
                bucket.asBlocking().consume(1, parked::set);
                granted.add(now.get() + parked.get());
            }
            now.addAndGet((long) (random.nextDouble() * 1.5 * period));
        }
        granted.sort(null);

        // and a margin of 4 % of the window against jitter between our grant and the vendor's clock
        long least = (long) (period * 1.04);
        for (int i = 0; i + limit.requests() < granted.size(); i++) {
            assertThat(granted.get(i + (int) limit.requests()) - granted.get(i))
                    .as("%s: requests %d to %d", declared, i, i + limit.requests())
                    .isGreaterThanOrEqualTo(least);
        }
    }
}
