package com.callimport.bench;

import static com.callimport.testfixtures.ApiClient.json;

import com.callimport.CallImportApplication;
import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connectors.gong.GongCredentialsFixture;
import com.callimport.connectors.gong.GongSimulator;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.TestDatabase;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A Gong backfill of N simulated calls through the whole service (API, job queue, PostgreSQL, blob
 * store), in one of two modes:
 * <ul>
 *   <li>{@code limits}: the simulator enforces Gong's 3 requests/s and 10,000/day and answers 429
 *       beyond them, and the engine enforces the same budget. Prints wall time ÷ the minimum the
 *       limits allow for the requests made, and the 429s received.</li>
 *   <li>{@code unlimited}: no limits on either side. Prints calls/s and the heap live set (after a
 *       full GC) at each quarter of the import, to show memory does not grow with the import.</li>
 * </ul>
 * Usage: {@code GongBackfillBenchmark <limits|unlimited> <calls>}
 */
public final class GongBackfillBenchmark {
    private static final double GONG_REQUESTS_PER_SECOND = 3.0;

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "unlimited";
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        boolean limits = mode.equals("limits");
        if (!limits && !mode.equals("unlimited")) {
            throw new IllegalArgumentException("mode must be 'limits' or 'unlimited', not " + mode);
        }
        // ~200 calls a day: two Gong pages per one-day slice
        int days = Math.max(1, calls / 200);
        Instant to = Instant.parse("2026-06-01T00:00:00Z");
        DateWindow window = new DateWindow(to.minus(Duration.ofDays(days)), to);

        try (GongSimulator gong = GongSimulator.start()) {
            gong.seed(calls, window, CallMix.TYPICAL, 2026);
            if (limits) {
                gong.enforceGongRateLimits();
            }
            ConfigurableApplicationContext service = SpringApplication.run(CallImportApplication.class,
                    "--server.port=0",
                    "--spring.datasource.url=" + TestDatabase.url(),
                    "--spring.datasource.username=" + TestDatabase.user(),
                    "--spring.datasource.password=" + TestDatabase.password(),
                    "--spring.datasource.hikari.maximum-pool-size=30",
                    "--callimport.data-directory=" + Files.createTempDirectory("callimport-bench-"),
                    "--callimport.bootstrap-token=bench",
                    "--callimport.platforms.gong.base-url=" + gong.baseUrl(),
                    "--callimport.rate-budgets=" + limits,
                    "--jobrunr.background-job-server.worker-count=16",
                    "--logging.level.com.callimport=WARN");
            try {
                int port = ((WebServerApplicationContext) service).getWebServer().getPort();
                run(ApiClient.at(port, "bench"), gong, window, calls, limits);
            } finally {
                service.close();
            }
        }
        System.exit(0);
    }

    private static void run(ApiClient admin, GongSimulator gong, DateWindow window, int calls, boolean limits) throws Exception {
        ApiClient customer = admin.newOrganizationBilledOnInvoice("Benchmark");
        String connection = customer.post("/api/connections", json("platform", "gong", "credentials",
                GongCredentialsFixture.acceptedValues())).text("id");
        long requestsBefore = gong.apiRequestsReceived();
        long rateLimitedBefore = gong.rateLimitedResponses();
        gong.markApiRequestTimes();

        Instant started = Instant.now();
        JsonNode created = customer.post("/api/import-runs", json("connectionId", connection,
                "from", window.from().toString(), "to", window.to().toString())).json();
        String runId = created.get("id").asString();
        List<String> heapAtQuarters = new ArrayList<>();
        int nextQuarter = 1;
        Instant firstProgress = null;
        JsonNode run;
        while (true) {
            run = customer.get("/api/import-runs/" + runId).json();
            long listed = run.get("counts").get("listed").asLong();
            if (firstProgress == null && listed > 0) {
                firstProgress = Instant.now();
            }
            while (nextQuarter <= 4 && listed >= (long) calls * nextQuarter / 4) {
                heapAtQuarters.add(nextQuarter * 25 + "%: " + liveHeapMegabytes() + " MB");
                nextQuarter++;
            }
            if (!run.get("state").asString().equals("RUNNING")) {
                break;
            }
            Thread.sleep(100); // polling the run's progress, as a customer's page would
        }
        Instant finished = Instant.now();

        double wallSeconds = Duration.between(started, finished).toMillis() / 1000.0;
        double processingSeconds = Duration.between(firstProgress == null ? started : firstProgress, finished).toMillis() / 1000.0;
        long requests = gong.apiRequestsReceived() - requestsBefore;
        long rateLimited = gong.rateLimitedResponses() - rateLimitedBefore;
        JsonNode counts = run.get("counts");
        System.out.println();
        System.out.printf("Gong backfill benchmark: %d calls, rate limits %s%n", calls, limits ? "ON (3/s, 10,000/day)" : "OFF");
        System.out.printf("  run state                 %s (%s)%n", run.get("state").asString(), counts);
        System.out.printf("  wall time, start to end   %.1f s%n", wallSeconds);
        System.out.printf("  Gong API requests         %d (429 answers: %d)%n", requests, rateLimited);
        if (limits) {
            // the bucket starts full: the first 3 requests are free, every further one costs 1/3 s
            double minimumSeconds = Math.max(0, requests - rateLimited - GONG_REQUESTS_PER_SECOND) / GONG_REQUESTS_PER_SECOND;
            double streamSeconds = Duration.between(gong.firstApiRequestAt(), gong.lastApiRequestAt()).toMillis() / 1000.0;
            System.out.printf("  minimum the limits allow  %.1f s for %d requests%n", minimumSeconds, requests - rateLimited);
            System.out.printf("  wall time / minimum       %.3f (target <= 1.05), start to end, including the job queue's first pick-up%n",
                    wallSeconds / minimumSeconds);
            System.out.printf("  request span / minimum    %.3f, first to last Gong request (%.1f s)%n", streamSeconds / minimumSeconds, streamSeconds);
            System.out.printf("  429s received             %d (target 0)%n", rateLimited);
        } else {
            System.out.printf("  throughput, start to end  %.0f calls/s%n", calls / wallSeconds);
            System.out.printf("  throughput, while working %.0f calls/s (after the job queue's first pick-up)%n", calls / processingSeconds);
            System.out.printf("  heap live set by progress %s%n", heapAtQuarters);
            System.out.printf("  peak heap used            %d MB of %d MB max%n", peakHeapMegabytes(),
                    Runtime.getRuntime().maxMemory() / (1024 * 1024));
        }
    }

    private static long liveHeapMegabytes() {
        System.gc();
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return heap.getUsed() / (1024 * 1024);
    }

    private static long peakHeapMegabytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / (1024 * 1024);
    }
}
