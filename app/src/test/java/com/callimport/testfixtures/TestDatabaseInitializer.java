package com.callimport.testfixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points a test's service at {@link TestDatabase} and at one data directory (blobs, vault keyset) per test
 * JVM. Every test context of a JVM shares both, as instances of one deployment share their database and
 * blob store: a job enqueued by one context may run in another.
 */
public class TestDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    private static Path dataDirectory;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String ownDatabase = context.getEnvironment().getProperty("callimport.test.database");
        TestPropertyValues.of(
                "spring.datasource.url=" + (ownDatabase == null ? TestDatabase.url() : TestDatabase.url(ownDatabase)),
                "spring.datasource.username=" + TestDatabase.user(),
                "spring.datasource.password=" + TestDatabase.password(),
                "callimport.data-directory=" + dataDirectory())
                .applyTo(context);
    }

    private static synchronized Path dataDirectory() {
        if (dataDirectory == null) {
            try {
                dataDirectory = Files.createTempDirectory("callimport-test-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dataDirectory;
    }
}
