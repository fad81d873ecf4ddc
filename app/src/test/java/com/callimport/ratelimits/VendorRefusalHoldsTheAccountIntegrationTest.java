package com.callimport.ratelimits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callimport.connector.CallSource;
import com.callimport.connector.Connector;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.DateWindow;
import com.callimport.connector.RequestPermits;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connector.testkit.ManualClock;
import com.callimport.connectors.gong.GongConnector;
import com.callimport.connectors.gong.GongCredentialsFixture;
import com.callimport.connectors.gong.GongSimulator;
import com.callimport.testfixtures.EngineIntegrationTest;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Gong answers one worker 429 with Retry-After; a worker of the same account on another instance holds back until
 * then instead of drawing its own 429. The budgets' clock moves only when a worker waits.
 */
@EngineIntegrationTest
class VendorRefusalHoldsTheAccountIntegrationTest {
    private static final DateWindow WINDOW = new DateWindow(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-08T00:00:00Z"));
    private static GongSimulator gong;

    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcClient jdbc;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T10:00:00Z"));
    private final Connector connector = new GongConnector();

    @BeforeAll
    static void startGong() {
        gong = GongSimulator.start();
        gong.seed(40, WINDOW, CallMix.TYPICAL, 7);
    }

    @AfterAll
    static void stopGong() {
        gong.close();
    }

    private CallSource workerOnItsOwnInstance(String account) {
        var buckets = Bucket4jPostgreSQL.advisoryLockBasedBuilder(dataSource)
                .table("rate_budgets").idColumn("id").stateColumn("state")
                .clientClock(RateBudgets.timeMeter(clock))
                .build();
        RequestPermits permits = new RateBudgets(buckets, jdbc, clock::advance, clock, true)
                .forAccount("gong", account, connector.rateLimits());
        return connector.open(GongCredentialsFixture.context(gong, Map.of(), permits, clock));
    }

    @Test
    void aRefusalWithRetryAfterHoldsEveryWorkerOfTheAccountUntilThen() throws Exception {
        String account = "account-" + UUID.randomUUID();
        long refusedBefore = gong.rateLimitedResponses();
        try (CallSource refused = workerOnItsOwnInstance(account); CallSource other = workerOnItsOwnInstance(account);
                CallSource otherAccount = workerOnItsOwnInstance("account-" + UUID.randomUUID())) {
            gong.rateLimitNextRequest(Duration.ofSeconds(20));
            Instant refusedAt = clock.instant();
            assertThatThrownBy(() -> refused.countCalls(WINDOW)).isInstanceOf(ConnectorException.RateLimited.class);

            assertThat(otherAccount.countCalls(WINDOW).calls()).isEqualTo(40);
            Instant otherAccountAnswered = clock.instant();
            assertThat(other.countCalls(WINDOW).calls()).isEqualTo(40);

            assertThat(otherAccountAnswered).isBefore(refusedAt.plusSeconds(1));
            assertThat(clock.instant()).isAfterOrEqualTo(refusedAt.plusSeconds(20));
        }
        assertThat(gong.rateLimitedResponses() - refusedBefore).isEqualTo(1);
    }
}
