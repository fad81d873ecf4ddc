package com.callimport.ratelimits;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connector.RateLimit;
import com.callimport.connector.RequestPermits;
import com.callimport.testfixtures.EngineIntegrationTest;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

        for (int i = 0; i < 2; i++) {
            first.awaitPermit();
            second.awaitPermit();
        }

        assertThat(waits).isEmpty();
    }

    @Test
    void aNamedRequestGroupDrawsFromItsOwnBudgetBesidesTheAccounts() throws InterruptedException {
        List<Duration> waits = new CopyOnWriteArrayList<>();
        RequestPermits permits = instance(waits).forAccount("ringcentral", "account-" + UUID.randomUUID(),
                List.of(RateLimit.perSecond(100)), java.util.Map.of("Heavy", List.of(RateLimit.perMinute(10))));

        for (int i = 0; i < 20; i++) {
            permits.awaitPermit();
        }
        permits.awaitPermit("Heavy");
        permits.awaitPermit("Heavy");

        // the account's 20 pass from its own bucket; the Heavy group passes one, then one every 60/9 s
        assertThat(waits).hasSize(1);
        assertThat(waits.getFirst()).isBetween(Duration.ofMillis(6_600), Duration.ofMillis(6_700));
    }

    @Test
    void aRequestOfANamedGroupAlsoSpendsTheAccountsBudget() throws InterruptedException {
        List<Duration> waits = new CopyOnWriteArrayList<>();
        // Fathom: heavy requests 30 a minute, within the account's 60 a minute
        RequestPermits permits = instance(waits).forAccount("fathom", "account-" + UUID.randomUUID(),
                List.of(RateLimit.perMinute(60)), java.util.Map.of("heavy", List.of(RateLimit.perMinute(30))));

        permits.awaitPermit();
        permits.awaitPermit("heavy");

        // the heavy group's bucket is full, but the account's burst of one was spent: the heavy request waits 60/59 s
        assertThat(waits).hasSize(1);
        assertThat(waits.getFirst()).isBetween(Duration.ofMillis(1_000), Duration.ofMillis(1_050));
    }

    @Test
    void aPerMinuteLimitNeverLetsMoreThanItsRequestsIntoAnyMinute() throws InterruptedException {
        List<Duration> waits = new CopyOnWriteArrayList<>();
        RequestPermits permits = instance(waits).forAccount("fathom", "account-" + UUID.randomUUID(), List.of(RateLimit.perMinute(60)));

        for (int i = 0; i < 61; i++) {
            permits.awaitPermit();
        }

        // with time standing still, the i-th permit is released at its wait: request 60 at 59 × 60/59 s = 60 s,
        // so requests 1 to 60 span a full minute and no 60-second window holds more than 60
        assertThat(waits).hasSize(60);
        assertThat(waits.get(58)).isBetween(Duration.ofMillis(59_900), Duration.ofMillis(60_100));
    }

    @Test
    void aDailyQuotaIsSpentFreelyWithinItsDayAndRefilledWhenTheDayTurns() throws InterruptedException {
        List<Duration> waits = new CopyOnWriteArrayList<>();
        RequestPermits permits = instance(waits).forAccount("gong", "account-" + UUID.randomUUID(),
                List.of(RateLimit.perSecond(100), RateLimit.perDay(5)));

        for (int i = 0; i < 6; i++) {
            permits.awaitPermit();
        }

        // the first ones pass from the day's quota (the part of today left, at least); the one beyond waits for midnight UTC
        assertThat(waits).isNotEmpty();
        Duration untilMidnight = Duration.between(Instant.now(), Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1)));
        assertThat(waits.getLast()).isBetween(untilMidnight.minusMinutes(1), untilMidnight.plus(Duration.ofDays(1)));
    }
}
