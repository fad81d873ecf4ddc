package com.callimport.bench;

import static com.callimport.testfixtures.ApiClient.json;

import com.callimport.CallImportApplication;
import com.callimport.connector.testkit.SeededCall;
import com.callimport.connectors.ringcentral.RingCentralSimulator;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.TestDatabase;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Webhook-to-stored latency of near real-time sync: calls end at the RingCentral simulator at a steady pace,
 * each notifies our subscription at once, and the benchmark measures from the simulator sending the
 * notification to the call's row being committed (recording downloaded and checksummed first). The simulator
 * answers at once; the engine's rate budget is off by default so that the figure is the pipeline's own
 * (with {@code budget}, RingCentral's Heavy group allows 5 recorded calls a minute, and queueing for it is
 * what gets measured). Usage: {@code RingCentralWebhookLatencyBenchmark [calls] [calls per second] [budget|unlimited]}
 * (defaults 200, 5, unlimited).
 */
public final class RingCentralWebhookLatencyBenchmark {

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        double perSecond = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        boolean budget = args.length > 2 && args[2].equals("budget");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String database = TestDatabase.url("webhook_latency_" + System.currentTimeMillis());
        try (RingCentralSimulator ringCentral = RingCentralSimulator.start()) {
            ConfigurableApplicationContext service = SpringApplication.run(CallImportApplication.class,
                    "--server.port=" + port,
                    "--spring.datasource.url=" + database,
                    "--spring.datasource.username=" + TestDatabase.user(),
                    "--spring.datasource.password=" + TestDatabase.password(),
                    "--callimport.data-directory=" + Files.createTempDirectory("callimport-webhook-bench-"),
                    "--callimport.bootstrap-token=bench",
                    "--callimport.rate-budgets=" + budget,
                    "--callimport.webhooks.public-url=http://127.0.0.1:" + port,
                    "--callimport.platforms.ringcentral.base-url=" + ringCentral.baseUrl(),
                    "--callimport.oauth.clients.ringcentral.client-id=" + RingCentralSimulator.CLIENT_ID,
                    "--callimport.oauth.clients.ringcentral.client-secret=" + RingCentralSimulator.CLIENT_SECRET,
                    "--callimport.oauth.clients.ringcentral.token-uri=" + ringCentral.tokenUri(),
                    "--logging.level.com.callimport=WARN");
            try {
                ApiClient customer = ApiClient.at(port, "bench").newOrganization("Live Dialer Benchmark");
                String connection = customer.post("/api/connections", json("platform", "ringcentral",
                        "credentials", Map.of("jwt", ringCentral.jwtCredential()))).text("id");
                customer.put("/api/connections/" + connection + "/sync", json("frequency", "NEAR_REAL_TIME"));
                if (ringCentral.subscriptions().isEmpty()) {
                    throw new IllegalStateException("the service did not subscribe: " + customer.get("/api/connections/" + connection + "/sync").body());
                }

                List<SeededCall> placed = new ArrayList<>();
                long intervalNanos = (long) (1_000_000_000L / perSecond);
                long start = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    long due = start + i * intervalNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(Duration.ofNanos(wait));
                    }
                    // nine in ten calls recorded, as in the typical mix
                    placed.add(ringCentral.placeCall(Duration.ofSeconds(30 + i % 600), i % 10 != 9));
                }
                Map<String, Instant> stored = awaitStored(database, UUID.fromString(connection), calls, Duration.ofMinutes(budget ? 60 : 5));

                List<Long> latencies = new ArrayList<>();
                for (SeededCall call : placed) {
                    Instant notified = ringCentral.notifiedAt(call.vendorCallId()).orElseThrow();
                    Instant at = stored.get(call.vendorCallId());
                    if (at != null) {
                        latencies.add(Duration.between(notified, at).toMillis());
                    }
                }
                latencies.sort(Long::compare);
                System.out.println();
                System.out.printf("RingCentral webhook-to-stored latency: %d calls placed at %.1f/s, engine rate budget %s%n", calls, perSecond,
                        budget ? "on (Heavy: 10 requests a minute)" : "off");
                System.out.printf("  stored                   %d of %d (each once: %s)%n", stored.size(), calls, stored.size() == calls);
                System.out.printf("  deliveries answered 200  %d of %d%n",
                        ringCentral.deliveries().stream().filter(delivery -> delivery.status() == 200).count(), ringCentral.deliveries().size());
                if (!latencies.isEmpty()) {
                    System.out.printf("  latency p50 %d ms, p95 %d ms, p99 %d ms, max %d ms (target p95 <= 2000 ms)%n",
                            percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99), latencies.getLast());
                }
            } finally {
                service.close();
            }
        }
        System.exit(0);
    }

    private static Map<String, Instant> awaitStored(String database, UUID connection, int expected, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        Map<String, Instant> stored = new HashMap<>();
        try (Connection db = DriverManager.getConnection(database, TestDatabase.user(), TestDatabase.password());
                PreparedStatement query = db.prepareStatement("SELECT vendor_call_id, imported_at FROM calls WHERE connection_id = ?")) {
            query.setObject(1, connection);
            while (Instant.now().isBefore(deadline)) {
                stored.clear();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        stored.put(rows.getString(1), rows.getTimestamp(2).toInstant());
                    }
                }
                if (stored.size() >= expected) {
                    break;
                }
                Thread.sleep(200);
            }
        }
        return stored;
    }

    private static long percentile(List<Long> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
