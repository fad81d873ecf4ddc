package com.callimport.embeddedpostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default's own PostgreSQL: password-protected, durable, and careful with what it finds on disk. */
class EmbeddedPostgresServerIntegrationTest {
    @TempDir
    Path data;

    @Test
    void keepsAGeneratedPasswordInAFileOnlyItsOwnerCanRead() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data)) {
            Path passwordFile = data.resolve("postgres-password");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
            assertThat(Files.readString(passwordFile).strip()).isEqualTo(server.password().reveal()).hasSizeGreaterThan(30);
        }
    }

    @Test
    void refusesAConnectionWithoutThePasswordAndAcceptsOneWithIt() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data)) {
            assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), "postgres", "").close())
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), "postgres", "guessed").close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
            try (Connection connection = connect(server)) {
                assertThat(connection.isValid(1)).isTrue();
            }
        }
    }

    @Test
    void writesEveryCommitToDiskBeforeConfirmingIt() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data); Connection connection = connect(server)) {
            Map<String, String> settings = new LinkedHashMap<>();
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                settings.put(setting, show(connection, setting));
            }
            assertThat(settings).containsExactly(
                    Map.entry("fsync", "on"), Map.entry("synchronous_commit", "on"), Map.entry("full_page_writes", "on"));
        }
    }

    @Test
    void aDataDirectoryFromAnOlderVersionGetsAPasswordAndKeepsItsData() throws Exception {
        // as older versions started it: password-less superuser, trust for every connection
        try (EmbeddedPostgres older = EmbeddedPostgres.builder().setDataDirectory(data.resolve("postgres"))
                .setCleanDataDirectory(false).start();
             Connection connection = older.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE kept (note text); INSERT INTO kept VALUES ('from before')");
        }

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data)) {
            assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), "postgres", "").close())
                    .isInstanceOf(SQLException.class);
            try (Connection connection = connect(server); Statement statement = connection.createStatement();
                 ResultSet kept = statement.executeQuery("SELECT note FROM kept")) {
                assertThat(kept.next()).isTrue();
                assertThat(kept.getString(1)).isEqualTo("from before");
            }
        }
        try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(data); Connection connection = connect(again)) {
            assertThat(connection.isValid(1)).isTrue();
        }
    }

    @Test
    void startsDespiteALockFileLeftByAServerThatDiedWithTheMachine() throws Exception {
        EmbeddedPostgresServer.start(data).close();
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Files.writeString(data.resolve("postgres/postmaster.pid"),
                ended.pid() + "\n" + data.resolve("postgres") + "\n1\n5432\n/tmp\nlocalhost\n  0  0\nready\n");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data); Connection connection = connect(server)) {
            assertThat(connection.isValid(1)).isTrue();
        }
    }

    @Test
    void startsDespiteALockFileNamingAProcessThatIsNotItsServerAndLeavesThatProcessAlone() throws Exception {
        EmbeddedPostgresServer.start(data).close();
        Process unrelated = new ProcessBuilder("cat").start(); // runs until its input closes
        try {
            Files.writeString(data.resolve("postgres/postmaster.pid"),
                    unrelated.pid() + "\n" + data.resolve("postgres") + "\n1\n5432\n/tmp\nlocalhost\n  0  0\nready\n");
            try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data); Connection connection = connect(server)) {
                assertThat(connection.isValid(1)).isTrue();
            }
            assertThat(unrelated.isAlive()).isTrue();
        } finally {
            unrelated.destroy();
        }
    }

    @Test
    void refusesToStopAServerOnItsDataDirectoryThatItDidNotStart() throws Exception {
        EmbeddedPostgresServer.start(data).close();
        try (EmbeddedPostgres stranger = EmbeddedPostgres.builder().setDataDirectory(data.resolve("postgres"))
                .setCleanDataDirectory(false).setRegisterShutdownHook(false)
                .setConnectConfig("password", readPassword(data)).start()) {
            long strangerPid = Long.parseLong(Files.readAllLines(data.resolve("postgres/postmaster.pid")).getFirst());

            assertThatThrownBy(() -> EmbeddedPostgresServer.start(data))
                    .isInstanceOf(EmbeddedPostgresUnavailable.class)
                    .hasMessageContaining("process " + strangerPid)
                    .hasMessageContaining("stop it");
            assertThat(ProcessHandle.of(strangerPid).map(ProcessHandle::isAlive)).contains(true);
        }
    }

    @Test
    void refusesToShareItsDataDirectoryWithAnotherRunningService() throws Exception {
        try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(data)) {
            assertThatThrownBy(() -> EmbeddedPostgresServer.start(data))
                    .isInstanceOf(EmbeddedPostgresUnavailable.class)
                    .hasMessageContaining("another running instance")
                    .hasMessageContaining("CALLIMPORT_DATA_DIRECTORY");
            try (Connection connection = connect(first)) {
                assertThat(connection.isValid(1)).isTrue();
            }
        }
    }

    private static Connection connect(EmbeddedPostgresServer server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password().reveal());
    }

    private static String show(Connection connection, String setting) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet value = statement.executeQuery("SHOW " + setting)) {
            value.next();
            return value.getString(1);
        }
    }

    private static String readPassword(Path data) throws IOException {
        return Files.readString(data.resolve("postgres-password")).strip();
    }
}
