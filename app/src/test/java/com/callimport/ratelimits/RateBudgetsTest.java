package com.callimport.ratelimits;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connector.RateLimit;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateBudgetsTest {
    private static final List<RateLimit> GONG = List.of(RateLimit.perSecond(3), RateLimit.perDay(10_000));

    @Test
    void aFewRequestsFitInTheBurst() {
        assertThat(RateBudgets.shortestTime(GONG, 3)).isEqualTo(Duration.ZERO);
    }

    @Test
    void theSecondLimitDecidesBelowTheDailyBudget() {
        assertThat(RateBudgets.shortestTime(GONG, 303)).isEqualTo(Duration.ofSeconds(100));
    }

    @Test
    void theDailyLimitDecidesBeyondIt() {
        // 25,000 requests: 10,000 at once from the day's budget, 15,000 more at 10,000 a day
        assertThat(RateBudgets.shortestTime(GONG, 25_000)).isEqualTo(Duration.ofHours(36));
    }

    @Test
    void noLimitsMeansNoWait() {
        assertThat(RateBudgets.shortestTime(List.of(), 1_000_000)).isEqualTo(Duration.ZERO);
    }
}
