package com.callimport.embeddedpostgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded default: with no {@code spring.datasource.url}, the service starts its own PostgreSQL
 * in {@code callimport.data-directory}/postgres and keeps it there, so a first run needs no database
 * server and a restart finds its data again. Production sets {@code spring.datasource.url}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}' == ''")
class EmbeddedPostgresConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedPostgresServer embeddedPostgres(@Value("${callimport.data-directory}") Path dataDirectory) {
        return EmbeddedPostgresServer.start(dataDirectory);
    }

    /** Depends on the server, so Spring closes the pool (and the job server and all else that uses it) before the server stops. */
    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgresServer postgres) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.jdbcUrl());
        config.setUsername(postgres.user());
        config.setPassword(postgres.password().reveal());
        config.setMaximumPoolSize(20);
        config.setPoolName("embedded-postgres");
        return new HikariDataSource(config);
    }
}
