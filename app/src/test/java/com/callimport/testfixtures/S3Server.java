package com.callimport.testfixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real S3-compatible server (Adobe's S3Mock, copied to {@code target/test-servers} by the build) in a
 * process of its own, so that its Spring Boot does not meet ours on one class path. Any credentials pass.
 */
public final class S3Server implements AutoCloseable {
    private static final Path JAR = Path.of("target", "test-servers", "s3mock.jar");

    private final Process process;
    private final int port;

    private S3Server(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a server with the given buckets, its objects in a fresh temporary directory. */
    public static S3Server start(String... buckets) {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing; the Maven build copies it (process-test-resources)");
        }
        try {
            int http = freePort();
            Path root = Files.createTempDirectory("s3-server-");
            Path log = root.resolve("s3mock.log");
            Process process = new ProcessBuilder(List.of(
                    ProcessHandle.current().info().command().orElse("java"), "-Xmx256m", "-XX:+UseSerialGC",
                    "-jar", JAR.toAbsolutePath().toString(),
                    "--http.port=" + http, "--server.port=" + freePort(),
                    "--com.adobe.testing.s3mock.store.initial-buckets=" + String.join(",", buckets),
                    "--com.adobe.testing.s3mock.store.root=" + root.resolve("store")))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            S3Server server = new S3Server(process, http);
            server.awaitReady(Duration.ofSeconds(90), log);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the S3 server", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private void awaitReady(Duration timeout, Path log) {
        HttpClient http = HttpClient.newHttpClient();
        Await.until(timeout, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("the S3 server exited with " + process.exitValue() + "; see " + log);
            }
            try {
                return http.send(HttpRequest.newBuilder(endpoint()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException notYet) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }, status -> status == 200, "the S3 server to answer");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
