package com.callimport.ratelimits;

import com.callimport.EngineProperties;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class RateBudgetConfiguration {

    @Bean
    RateBudgets rateBudgets(DataSource dataSource, JdbcClient jdbc, Clock clock, EngineProperties properties,
                            io.micrometer.core.instrument.MeterRegistry meters) {
        var buckets = Bucket4jPostgreSQL.advisoryLockBasedBuilder(dataSource)
                .table("rate_budgets")
                .idColumn("id")
                .stateColumn("state")
                .clientClock(RateBudgets.timeMeter(clock))
                .build();
        return new RateBudgets(buckets, jdbc, Sleeper.REAL, clock, properties.rateBudgets()).measuredBy(meters);
    }
}
