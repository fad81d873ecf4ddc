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

    /**
     * A database of its own on the same server, created on first use, for a test whose service must not
     * share the job queue with the others (its jobs need settings only it has).
     */
    public static synchronized String url(String database) {
        String shared = url();
        if (embedded == null || !database.matches("[a-z][a-z0-9_]{0,40}")) {
            return shared;
        }
        try (var connection = java.sql.DriverManager.getConnection(shared, user(), password());
             var statement = connection.createStatement()) {
            var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'");
            if (!exists.next()) {
                statement.execute("CREATE DATABASE " + database);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not create the test database " + database, e);
        }
        return embedded.getJdbcUrl("postgres", database);
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
