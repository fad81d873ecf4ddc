package com.callimport.testfixtures;

import com.callimport.CallImportApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The service as a separate operating-system process on the test's class path, so that a test can
 * kill it with SIGKILL mid-work and start it again, or run several instances on one database.
 */
public final class WorkerProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final String name;
    private final Path log;

    private WorkerProcess(Process process, int port, String name, Path log) {
        this.process = process;
        this.port = port;
        this.name = name;
        this.log = log;
    }

    public static WorkerProcess start(String name, Path logDirectory, Map<String, String> environment, String... arguments) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx768m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                CallImportApplication.class.getName(),
                "--server.port=" + port));
        command.addAll(List.of(arguments));
        Path log = logDirectory.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        try {
            WorkerProcess worker = new WorkerProcess(builder.start(), port, name, log);
            worker.awaitHealthy(Duration.ofSeconds(90));
            return worker;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start worker " + name, e);
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** Everything the process wrote to standard output and error. */
    public Path log() {
        return log;
    }

    /** SIGTERM, as an operator's normal stop; true when the process ended within {@code timeout}. */
    public boolean stop(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** SIGKILL: no shutdown hook runs, no transaction finishes, as when a machine dies. */
    public void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                killHard();
            }
        }
    }

    private void awaitHealthy(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        URI health = URI.create("http://127.0.0.1:" + port + "/actuator/health");
        Await.until(timeout, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("worker " + name + " exited with " + process.exitValue() + " during start-up; see its log");
            }
            try {
                return http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException notYet) {
                return 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }, status -> status == 200, "worker " + name + " to become healthy");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
