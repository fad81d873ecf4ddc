package com.callimport.ratelimits;

import com.callimport.EngineProperties;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RateBudgetConfiguration {

    @Bean
    RateBudgets rateBudgets(DataSource dataSource, EngineProperties properties) {
        var buckets = Bucket4jPostgreSQL.advisoryLockBasedBuilder(dataSource)
                .table("rate_budgets")
                .idColumn("id")
                .stateColumn("state")
                .build();
        return new RateBudgets(buckets, Sleeper.REAL, properties.rateBudgets());
    }
}
