package com.callimport.testfixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Points a test's service at {@link TestDatabase} and at a fresh data directory for its blobs and keyset. */
public class TestDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        try {
            TestPropertyValues.of(
                    "spring.datasource.url=" + TestDatabase.url(),
                    "spring.datasource.username=" + TestDatabase.user(),
                    "spring.datasource.password=" + TestDatabase.password(),
                    "callimport.data-directory=" + Files.createTempDirectory("callimport-test-"))
                    .applyTo(context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
