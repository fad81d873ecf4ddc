package com.callimport.embeddedpostgres;

import com.callimport.connector.Secret;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default's PostgreSQL, with its data in {@code <data directory>/postgres}: every connection
 * proves the generated password kept in {@code <data directory>/postgres-password} (SCRAM, also over the
 * Unix socket), every commit reaches the disk before it is confirmed, and a server left running by a
 * service that was killed is stopped before a new one starts. One running service owns a data directory
 * at a time ({@code postgres.lock}, which also records which server process it started).
 *
 * <p>Stopped by {@link #close()}, which the caller must order after everything that uses the database.
 */
final class EmbeddedPostgresServer implements AutoCloseable {
    static final String USER = "postgres";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final String ACCESS_RULES_MARKER = "# Call Import Engine: every connection proves the password";
    private static final String ACCESS_RULES = ACCESS_RULES_MARKER + " (see docs/security.md)\n"
            + "local  all  all                scram-sha-256\n"
            + "host   all  all  127.0.0.1/32  scram-sha-256\n"
            + "host   all  all  ::1/128       scram-sha-256\n";
    private static final Duration ORPHAN_STOP_TIMEOUT = Duration.ofSeconds(60);

    private final EmbeddedPostgres postgres;
    private final Secret password;
    private final FileChannel ownerFile; // open for as long as the server runs: closing it releases the ownership lock

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Secret password, FileChannel ownerFile) {
        this.postgres = postgres;
        this.password = password;
        this.ownerFile = ownerFile;
    }

    /** Starts the server on {@code dataDirectory}, creating the database and its password on first use. */
    static EmbeddedPostgresServer start(Path dataDirectory) {
        Path data = dataDirectory.toAbsolutePath().normalize();
        Path postgresDirectory = data.resolve("postgres");
        FileChannel ownerFile;
        try {
            Files.createDirectories(postgresDirectory);
            ownerFile = FileChannel.open(data.resolve("postgres.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new EmbeddedPostgresUnavailable("could not create the data directory " + data + " (" + e.getMessage()
                    + "); give the service a folder it can write to in CALLIMPORT_DATA_DIRECTORY", e);
        }
        try {
            if (tryLock(ownerFile) == null) {
                throw new EmbeddedPostgresUnavailable("another running instance of the service uses the data directory " + data
                        + "; stop it, or give this instance a data directory of its own (CALLIMPORT_DATA_DIRECTORY)");
            }
            Path passwordFile = data.resolve("postgres-password");
            Secret password = EmbeddedPostgresPassword.readOrCreate(passwordFile);
            clearLeftoverServer(postgresDirectory, StartedServer.readFrom(ownerFile));
            boolean olderVersion = Files.exists(postgresDirectory.resolve("postgresql.conf")) && !hasOurAccessRules(postgresDirectory);

            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(postgresDirectory)
                    .setCleanDataDirectory(false)
                    // Spring stops it, after the connection pool and the job server; zonky's own hook would stop it first
                    .setRegisterShutdownHook(false)
                    // zonky turns these off (it is made for throwaway test databases); a power cut must not lose a commit
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    // zonky hands these entries to initdb as --name=value: a new database has the password from its creation
                    .setLocaleConfig("pwfile", passwordFile.toString())
                    .setConnectConfig("password", password.reveal())
                    .setDataDirectoryCustomizer(directory -> {
                        if (!olderVersion) {
                            writeAccessRules(directory.toPath());
                        }
                    })
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            if (olderVersion) {
                requirePassword(postgres, password, postgresDirectory);
            }
            StartedServer.of(postgresDirectory).ifPresent(started -> started.writeTo(ownerFile));
            log.info("Embedded PostgreSQL on port {} with data in {}", postgres.getPort(), postgresDirectory);
            return new EmbeddedPostgresServer(postgres, password, ownerFile);
        } catch (EmbeddedPostgresUnavailable e) {
            closeQuietly(ownerFile);
            throw e;
        } catch (IOException | SQLException | RuntimeException e) {
            closeQuietly(ownerFile);
            throw new EmbeddedPostgresUnavailable("the embedded PostgreSQL did not start with its data in " + postgresDirectory
                    + " (" + e.getMessage() + "); see the lines logged before this one, or set SPRING_DATASOURCE_URL to use "
                    + "an external PostgreSQL instead", e);
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    }

    String user() {
        return USER;
    }

    Secret password() {
        return password;
    }

    /** Stops the server; a checkpoint first keeps the shutdown itself short. */
    @Override
    public void close() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        } catch (SQLException e) {
            log.debug("no checkpoint before stopping the embedded PostgreSQL", e);
        }
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("The embedded PostgreSQL did not stop cleanly ({}); it recovers from its log on the next start", e.getMessage());
        }
        closeQuietly(ownerFile);
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            return null;
        }
    }

    /**
     * A {@code postmaster.pid} from before means the last run did not stop its server: stop that server when
     * it is the one this data directory's service started, drop the file when its process is gone or is
     * something else, and refuse to start when another server runs on this data directory.
     */
    private static void clearLeftoverServer(Path postgresDirectory, Optional<StartedServer> startedByUs) throws IOException {
        Path lockFile = postgresDirectory.resolve("postmaster.pid");
        if (!Files.exists(lockFile)) {
            return;
        }
        Optional<ProcessHandle> process = StartedServer.pidIn(lockFile).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            log.info("Removing {}, left by an embedded PostgreSQL that is no longer running", lockFile);
            Files.deleteIfExists(lockFile);
            return;
        }
        ProcessHandle server = process.get();
        if (startedByUs.filter(started -> started.is(server)).isPresent()) {
            log.warn("Stopping the embedded PostgreSQL (process {}) that a previous run of the service left running when it ended abruptly",
                    server.pid());
            server.destroy(); // SIGTERM: PostgreSQL's smart shutdown; the dead service's connections are gone already
            try {
                server.onExit().get(ORPHAN_STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException e) {
                throw new EmbeddedPostgresUnavailable("the embedded PostgreSQL left running by the previous run (process "
                        + server.pid() + ") did not stop within " + ORPHAN_STOP_TIMEOUT.toSeconds() + " s; stop it (kill "
                        + server.pid() + ") and start the service again");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddedPostgresUnavailable("interrupted while stopping the embedded PostgreSQL left running by the previous run");
            }
            return;
        }
        if (mayServe(server, postgresDirectory)) {
            throw new EmbeddedPostgresUnavailable("a PostgreSQL server (process " + server.pid() + ") is running on the data directory "
                    + postgresDirectory + " and this service did not start it; stop it and start the service again");
        }
        log.info("Removing {}: its process {} is not a PostgreSQL server of this data directory", lockFile, server.pid());
        Files.deleteIfExists(lockFile);
    }

    /** True unless the process is shown to be something other than PostgreSQL on this directory; unknown counts as yes. */
    private static boolean mayServe(ProcessHandle process, Path postgresDirectory) {
        ProcessHandle.Info info = process.info();
        Optional<String> command = info.command();
        if (command.isEmpty()) {
            return true;
        }
        if (!Path.of(command.get()).getFileName().toString().equals("postgres")) {
            return false;
        }
        return info.arguments().map(arguments -> List.of(arguments).contains(postgresDirectory.toString())).orElse(true);
    }

    private static boolean hasOurAccessRules(Path postgresDirectory) throws IOException {
        Path rules = postgresDirectory.resolve("pg_hba.conf");
        return Files.exists(rules) && Files.readString(rules).startsWith(ACCESS_RULES_MARKER);
    }

    private static void writeAccessRules(Path postgresDirectory) {
        Path rules = postgresDirectory.resolve("pg_hba.conf");
        Path partial = postgresDirectory.resolve("pg_hba.conf.partial");
        try {
            Files.deleteIfExists(partial);
            Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(partial, ACCESS_RULES);
            Files.move(partial, rules, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the access rules " + rules, e);
        }
    }

    /** A database made by an older version: give the superuser the password, then require it of every connection. */
    private static void requirePassword(EmbeddedPostgres postgres, Secret password, Path postgresDirectory) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
            // hashed here (SCRAM), so the password itself never reaches the server or its log
            connection.unwrap(PGConnection.class).alterUserPassword(USER, password.reveal().toCharArray(), "scram-sha-256");
            writeAccessRules(postgresDirectory);
            statement.execute("SELECT pg_reload_conf()");
        }
        log.warn("The embedded PostgreSQL in {} was open to every local user; it now requires the password kept in the data directory",
                postgresDirectory);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close(); // releases the lock
            } catch (IOException ignored) {
                // nothing holds the file any more either way
            }
        }
    }

    /** The server process this data directory's service started, recorded so that a later run knows it as its own. */
    private record StartedServer(long pid, Instant startedAt) {
        static Optional<StartedServer> of(Path postgresDirectory) {
            return pidIn(postgresDirectory.resolve("postmaster.pid"))
                    .flatMap(ProcessHandle::of)
                    .flatMap(process -> process.info().startInstant().map(start -> new StartedServer(process.pid(), start)));
        }

        static Optional<Long> pidIn(Path lockFile) {
            try {
                List<String> lines = Files.readAllLines(lockFile);
                return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.getFirst().strip()));
            } catch (IOException | NumberFormatException unreadable) {
                return Optional.empty();
            }
        }

        static Optional<StartedServer> readFrom(FileChannel ownerFile) throws IOException {
            ByteBuffer content = ByteBuffer.allocate(200);
            ownerFile.read(content, 0);
            String[] fields = new String(content.array(), 0, content.position(), StandardCharsets.US_ASCII).strip().split(" ");
            try {
                return fields.length == 2 ? Optional.of(new StartedServer(Long.parseLong(fields[0]), Instant.parse(fields[1]))) : Optional.empty();
            } catch (RuntimeException unreadable) {
                return Optional.empty();
            }
        }

        boolean is(ProcessHandle process) {
            return process.pid() == pid && process.info().startInstant().filter(startedAt::equals).isPresent();
        }

        void writeTo(FileChannel ownerFile) {
            try {
                ownerFile.truncate(0);
                ownerFile.write(ByteBuffer.wrap((pid + " " + startedAt + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
                ownerFile.force(true);
            } catch (IOException e) {
                throw new UncheckedIOException("could not record the embedded PostgreSQL's process in its data directory", e);
            }
        }
    }
}
