package com.callimport.ratelimits;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connector.RateLimit;
import com.callimport.connector.RequestPermits;
import com.callimport.connector.testkit.ManualClock;
import com.callimport.testfixtures.EngineIntegrationTest;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Budgets in PostgreSQL on a clock that moves only when a caller waits, so nothing here sleeps. */
@EngineIntegrationTest
class RateBudgetsIntegrationTest {
    private static final List<RateLimit> GONG = List.of(RateLimit.perSecond(3), RateLimit.perDay(10_000));

    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcClient jdbc;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T10:00:00Z"));
    private final String account = "account-" + UUID.randomUUID();

    /** Each call stands for a service instance (or one restarted): its own Bucket4j client over the shared database. */
    private RateBudgets instance() {
        var buckets = Bucket4jPostgreSQL.advisoryLockBasedBuilder(dataSource)
                .table("rate_budgets").idColumn("id").stateColumn("state")
                .clientClock(RateBudgets.timeMeter(clock))
                .build();
        return new RateBudgets(buckets, jdbc, clock::advance, clock, true);
    }

    /** When each permit was granted, on the budget's clock. */
    private List<Instant> permits(int count, RequestPermits... instances) throws InterruptedException {
        List<Instant> granted = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            instances[i % instances.length].awaitPermit();
            granted.add(clock.instant());
        }
        return granted;
    }

    private static void assertNoWindowHoldsMoreThan(List<Instant> granted, RateLimit limit) {
        for (int i = 0; i + limit.requests() < granted.size(); i++) {
            Duration span = Duration.between(granted.get(i), granted.get(i + (int) limit.requests()));
            assertThat(span).as("requests %d to %d", i, i + limit.requests()).isGreaterThanOrEqualTo(limit.period());
        }
    }

    private static void assertAbout(Duration actual, double millis) {
        assertThat(actual.toNanos() / 1e6).isBetween(millis - 1, millis + 1);
    }

    @Test
    void instancesAndRestartsOfOneAccountNeverPutMoreThanThreeRequestsIntoAnyRollingSecond() throws InterruptedException {
        RequestPermits first = instance().forAccount("gong", account, GONG);
        RequestPermits second = instance().forAccount("gong", account, GONG);
        List<Instant> granted = permits(20, first, second);
        RequestPermits restarted = instance().forAccount("gong", account, GONG);
        granted.addAll(permits(10, restarted));

        assertNoWindowHoldsMoreThan(granted, RateLimit.perSecond(3));
        // one permit in hand, then one every (1 s + a 100 ms margin) / 3: 30 permits take 29 × 366.7 ms
        assertAbout(Duration.between(granted.getFirst(), granted.getLast()), 29 * 1100 / 3.0);
    }

    @Test
    void differentAccountsDoNotDrawFromEachOthersBudget() throws InterruptedException {
        RequestPermits first = instance().forAccount("gong", account, GONG);
        RequestPermits second = instance().forAccount("gong", "account-" + UUID.randomUUID(), GONG);

        List<Instant> granted = permits(2, first, second);

        assertThat(granted).containsOnly(granted.getFirst());
    }

    @Test
    void aRefusalHoldsTheAccountOnEveryInstanceUntilRetryAfter() throws InterruptedException {
        RequestPermits refusedWorker = instance().forAccount("gong", account, GONG);
        RequestPermits otherInstance = instance().forAccount("gong", account, GONG);
        RequestPermits otherAccount = instance().forAccount("gong", "account-" + UUID.randomUUID(), GONG);
        refusedWorker.awaitPermit();
        Instant refusedAt = clock.instant();

        refusedWorker.refused(Duration.ofSeconds(30));
        otherAccount.awaitPermit();
        Instant otherAccountGranted = clock.instant();
        otherInstance.awaitPermit();

        assertThat(otherAccountGranted).isEqualTo(refusedAt);
        assertThat(clock.instant()).isAfterOrEqualTo(refusedAt.plusSeconds(30));
    }

    @Test
    void aRefusalEasesThePaceUntilAnHourPassesWithoutOne() throws InterruptedException {
        RequestPermits permits = instance().forAccount("gong", account, GONG);
        permits(2, permits);

        permits.refused(Duration.ofSeconds(2));
        List<Instant> eased = permits(4, instance().forAccount("gong", account, GONG));
        clock.advance(Duration.ofMinutes(61));
        List<Instant> recovered = permits(4, permits);

        // 366.7 ms at full pace; 366.7 / 0.8 = 458.3 ms eased
        assertAbout(Duration.between(eased.get(1), eased.get(3)), 2 * 1100 / 3.0 / 0.8);
        assertAbout(Duration.between(recovered.get(1), recovered.get(3)), 2 * 1100 / 3.0);
    }

    @Test
    void refusalsThatArriveTogetherEaseThePaceOnce() throws InterruptedException {
        RequestPermits permits = instance().forAccount("gong", account, GONG);
        permits.awaitPermit();

        for (int worker = 0; worker < 5; worker++) {
            permits.refused(Duration.ofSeconds(1));
        }
        List<Instant> granted = permits(3, permits);

        assertAbout(Duration.between(granted.get(1), granted.get(2)), 1100 / 3.0 / 0.8);
    }

    @Test
    void aHoldOnANamedRequestGroupDoesNotHoldTheAccount() throws InterruptedException {
        RequestPermits permits = instance().forAccount("ringcentral", account,
                List.of(RateLimit.perSecond(100)), Map.of("Heavy", List.of(RateLimit.perMinute(10))));
        permits.awaitPermit("Heavy");
        Instant heavyGranted = clock.instant();

        permits(20, permits);
        permits.refused("Heavy", Duration.ofSeconds(60));
        permits.awaitPermit();
        Instant lightGranted = clock.instant();
        permits.awaitPermit("Heavy");

        // the account's 21 permits never wait for the Heavy group, and the Heavy group's hold does not touch them
        assertThat(Duration.between(heavyGranted, lightGranted)).isLessThan(Duration.ofMillis(250));
        assertThat(clock.instant()).isAfterOrEqualTo(lightGranted.plusSeconds(59));
    }

    @Test
    void aRequestOfANamedGroupAlsoSpendsTheAccountsBudget() throws InterruptedException {
        // Fathom: heavy requests 30 a minute, within the account's 60 a minute
        RequestPermits permits = instance().forAccount("fathom", account,
                List.of(RateLimit.perMinute(60)), Map.of("heavy", List.of(RateLimit.perMinute(30))));

        permits.awaitPermit();
        Instant accountGranted = clock.instant();
        permits.awaitPermit("heavy");

        // the heavy group's budget is untouched, but the account's next slot is a second away
        assertThat(Duration.between(accountGranted, clock.instant())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aPerMinuteLimitNeverLetsMoreThanItsRequestsIntoAnyMinute() throws InterruptedException {
        RequestPermits permits = instance().forAccount("fathom", account, List.of(RateLimit.perMinute(60)));

        List<Instant> granted = permits(130, permits, instance().forAccount("fathom", account, List.of(RateLimit.perMinute(60))));

        assertNoWindowHoldsMoreThan(granted, RateLimit.perMinute(60));
    }

    @Test
    void aDailyQuotaLetsHalfGoAtOnceAndTheRestTrickleInSoThatNoRollingDayExceedsIt() throws InterruptedException {
        RateLimit tenADay = new RateLimit(10, Duration.ofDays(1));
        RequestPermits permits = instance().forAccount("gong", account, List.of(RateLimit.perSecond(100), tenADay));

        List<Instant> granted = permits(25, permits);

        assertThat(Duration.between(granted.getFirst(), granted.get(4))).isLessThan(Duration.ofSeconds(1));
        assertNoWindowHoldsMoreThan(granted, tenADay);
    }
}
