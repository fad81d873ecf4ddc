package com.callimport.ratelimits;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connector.RateLimit;
import com.callimport.connector.RequestPermits;
import com.callimport.testfixtures.EngineIntegrationTest;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@EngineIntegrationTest
class RateBudgetsIntegrationTest {
    @Autowired
    DataSource dataSource;

    /** Two budgets over one database stand for two service instances. */
    private RateBudgets instance(List<Duration> waits) {
        var buckets = Bucket4jPostgreSQL.advisoryLockBasedBuilder(dataSource)
                .table("rate_budgets").idColumn("id").stateColumn("state").build();
        // the sleeper only records: time does not pass, so every further permit must queue behind the last
        return new RateBudgets(buckets, waits::add, true);
    }

    @Test
    void twoInstancesUsingOneVendorAccountShareOneBudget() throws InterruptedException {
        List<Duration> waits = new CopyOnWriteArrayList<>();
        String account = "account-" + UUID.randomUUID();
        List<RateLimit> threePerSecond = List.of(RateLimit.perSecond(3));
        RequestPermits first = instance(waits).forAccount("gong", account, threePerSecond);
        RequestPermits second = instance(waits).forAccount("gong", account, threePerSecond);

        for (int i = 0; i < 3; i++) {
            first.awaitPermit();
            second.awaitPermit();
        }

        // 2 permits come from the full bucket (3 less one kept in hand against jitter); the other 4 wait
        // 1/3 s, 2/3 s, 1 s and 4/3 s for refills at the vendor's 3 per second
        assertThat(waits).hasSize(4);
        assertThat(waits.stream().mapToLong(Duration::toMillis).max().orElseThrow()).isBetween(1250L, 1450L);
    }

    @Test
    void differentAccountsDoNotDrawFromEachOthersBudget() throws InterruptedException {
        List<Duration> waits = new CopyOnWriteArrayList<>();
        List<RateLimit> threePerSecond = List.of(RateLimit.perSecond(3));
        RequestPermits first = instance(waits).forAccount("gong", "account-" + UUID.randomUUID(), threePerSecond);
        RequestPermits second = instance(waits).forAccount("gong", "account-" + UUID.randomUUID(), threePerSecond);

        for (int i = 0; i < 3; i++) {
            first.awaitPermit();
            second.awaitPermit();
        }

        assertThat(waits).isEmpty();
    }

    @Test
    void theDailyLimitHoldsBackOnceTheSecondLimitWouldAllowMore() throws InterruptedException {
        List<Duration> waits = new CopyOnWriteArrayList<>();
        RequestPermits permits = instance(waits).forAccount("gong", "account-" + UUID.randomUUID(),
                List.of(RateLimit.perSecond(100), RateLimit.perDay(5)));

        for (int i = 0; i < 5; i++) {
            permits.awaitPermit();
        }

        // four pass (five less one in hand); the fifth needs a fifth of a day to refill one token
        assertThat(waits).hasSize(1);
        assertThat(waits.getFirst()).isBetween(Duration.ofHours(4).minusMinutes(1), Duration.ofHours(5));
    }
}
