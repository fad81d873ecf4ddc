package com.callimport.testfixtures;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The real PostgreSQL the tests run against: {@code CALLIMPORT_TEST_DATABASE_URL} (with
 * {@code _USER}/{@code _PASSWORD}) when set, else one embedded server per test JVM, started on first use.
 */
public final class TestDatabase {
    private static EmbeddedPostgres embedded;

    private TestDatabase() {
    }

    public static synchronized String url() {
        String external = System.getenv("CALLIMPORT_TEST_DATABASE_URL");
        if (external != null && !external.isBlank()) {
            return external;
        }
        if (embedded == null) {
            try {
                embedded = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL for tests", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the temporary data directory goes with it
                }
            }));
        }
        return embedded.getJdbcUrl("postgres", "postgres");
    }

    public static String user() {
        String external = System.getenv("CALLIMPORT_TEST_DATABASE_USER");
        return external != null ? external : "postgres";
    }

    public static String password() {
        String external = System.getenv("CALLIMPORT_TEST_DATABASE_PASSWORD");
        return external != null ? external : "";
    }
}
