package com.callimport.bench;

import static com.callimport.testfixtures.ApiClient.json;

import com.callimport.CallImportApplication;
import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connectors.gong.GongCredentialsFixture;
import com.callimport.connectors.gong.GongSimulator;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.TestDatabase;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Event delivery while a Gong backfill of N calls runs through the whole service, with two consumers registered: a quick
 * one and a slow one (each answer after {@code slow ms}). Both verify every signature with the Standard Webhooks library.
 * Prints the import's wall time, and per consumer the events received, the delivery rate and the lag from an event's
 * commit ({@code timestamp} in its payload) to its arrival.
 * Usage: {@code EventDeliveryBenchmark [calls] [slow ms]} (default 10000 200)
 */
public final class EventDeliveryBenchmark {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long slowMillis = args.length > 1 ? Long.parseLong(args[1]) : 200;
        int days = Math.max(1, calls / 200);
        Instant to = Instant.parse("2026-06-01T00:00:00Z");
        DateWindow window = new DateWindow(to.minus(Duration.ofDays(days)), to);

        try (GongSimulator gong = GongSimulator.start(); Consumer quick = new Consumer(0); Consumer slow = new Consumer(slowMillis)) {
            gong.seed(calls, window, CallMix.TYPICAL, 2026);
            ConfigurableApplicationContext service = SpringApplication.run(CallImportApplication.class,
                    "--server.port=0",
                    "--spring.datasource.url=" + TestDatabase.url(),
                    "--spring.datasource.username=" + TestDatabase.user(),
                    "--spring.datasource.password=" + TestDatabase.password(),
                    "--spring.datasource.hikari.maximum-pool-size=30",
                    "--callimport.data-directory=" + Files.createTempDirectory("callimport-bench-"),
                    "--callimport.bootstrap-token=bench",
                    "--callimport.platforms.gong.base-url=" + gong.baseUrl(),
                    "--callimport.rate-budgets=false",
                    "--callimport.events.allow-private-addresses=true",
                    "--jobrunr.background-job-server.worker-count=16",
                    "--logging.level.com.callimport=WARN");
            try {
                int port = ((WebServerApplicationContext) service).getWebServer().getPort();
                run(ApiClient.at(port, "bench"), window, calls, quick, slow, slowMillis);
            } finally {
                service.close();
            }
        }
        System.exit(0);
    }

    private static void run(ApiClient admin, DateWindow window, int calls, Consumer quick, Consumer slow, long slowMillis) throws Exception {
        ApiClient customer = admin.newOrganizationBilledOnInvoice("Benchmark");
        quick.secret = customer.post("/api/event-endpoints", json("url", quick.url(), "description", "quick")).json()
                .get("signingSecret").asString();
        slow.secret = customer.post("/api/event-endpoints", json("url", slow.url(), "description", "slow")).json()
                .get("signingSecret").asString();
        String connection = customer.post("/api/connections", json("platform", "gong", "credentials",
                GongCredentialsFixture.acceptedValues())).text("id");

        Instant started = Instant.now();
        String runId = customer.post("/api/import-runs", json("connectionId", connection,
                "from", window.from().toString(), "to", window.to().toString())).json().get("id").asString();
        JsonNode run;
        while (true) {
            run = customer.get("/api/import-runs/" + runId).json();
            if (!run.get("state").asString().equals("RUNNING") && !run.get("state").asString().equals("QUEUED")) {
                break;
            }
            Thread.sleep(100); // polling the run's progress, as a customer's page would
        }
        Instant imported = Instant.now();
        long expected = run.get("counts").get("imported").asLong() + 1; // every call, and import.completed
        Instant deadline = Instant.now().plus(Duration.ofMinutes(15));
        while ((quick.received.get() < expected || slow.received.get() < expected) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        System.out.println();
        System.out.printf("Event delivery benchmark: %d calls imported from the Gong simulator, two consumers%n", calls);
        System.out.printf("  run state                  %s (%s)%n", run.get("state").asString(), run.get("counts"));
        System.out.printf("  import wall time           %.1f s (the consumers do not hold it up)%n",
                Duration.between(started, imported).toMillis() / 1000.0);
        System.out.printf("  events expected per consumer %d%n", expected);
        quick.print("quick consumer (answers at once)", imported);
        slow.print("slow consumer (answers after " + slowMillis + " ms)", imported);
    }

    /** A consumer on loopback that verifies each delivery and notes when it arrived relative to its event's commit. */
    private static final class Consumer implements AutoCloseable {
        final HttpServer server;
        final AtomicLong received = new AtomicLong();
        final AtomicLong unverified = new AtomicLong();
        final Set<String> ids = ConcurrentHashMap.newKeySet();
        final List<Long> lagMillis = Collections.synchronizedList(new ArrayList<>());
        volatile Instant first;
        volatile Instant last;
        volatile String secret;

        Consumer(long answerAfterMillis) throws Exception {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/events", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                try {
                    new Webhook(secret).verify(body, exchange.getRequestHeaders());
                } catch (Exception e) {
                    unverified.incrementAndGet();
                }
                try {
                    Thread.sleep(answerAfterMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Instant now = Instant.now();
                if (ids.add(exchange.getRequestHeaders().getFirst("webhook-id"))) {
                    lagMillis.add(Duration.between(Instant.parse(JSON.readTree(body).get("timestamp").asString()), now).toMillis());
                    received.incrementAndGet();
                }
                if (first == null) {
                    first = now;
                }
                last = now;
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/events";
        }

        void print(String name, Instant importEnded) {
            List<Long> lags = new ArrayList<>(lagMillis);
            Collections.sort(lags);
            double seconds = first == null ? 0 : Math.max(0.001, Duration.between(first, last).toMillis() / 1000.0);
            System.out.printf("  %s%n", name);
            System.out.printf("    events received          %d distinct (%d failed verification)%n", received.get(), unverified.get());
            System.out.printf("    delivery rate            %.0f events/s, first to last delivery (%.1f s)%n", received.get() / seconds, seconds);
            System.out.printf("    lag commit -> arrival    p50 %d ms, p95 %d ms, max %d ms%n", percentile(lags, 50), percentile(lags, 95),
                    lags.isEmpty() ? 0 : lags.getLast());
            System.out.printf("    last event after import  %.1f s%n", last == null ? 0 : Duration.between(importEnded, last).toMillis() / 1000.0);
        }

        private static long percentile(List<Long> sorted, int percent) {
            return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
