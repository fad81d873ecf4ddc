package com.callimport.bench;

import static com.callimport.testfixtures.ApiClient.json;

import com.callimport.CallImportApplication;
import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connectors.gong.GongSimulator;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.TestDatabase;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Fair sharing of the job queue (ADR 0011): N organizations each run a big Gong import at once, then,
 * one after another, further organizations start a small import (one page); prints the time from
 * creating each small run to its first committed page (p50, p95, max) and the big imports' throughput
 * meanwhile. The service runs with its production job settings (8 workers, 5 s poll interval).
 * Usage: {@code FairnessBenchmark [organizations] [calls per big import] [small imports] [vendor delay ms]}
 */
public final class FairnessBenchmark {
    private static final Instant BIG_END = Instant.parse("2026-05-01T00:00:00Z");
    private static final DateWindow SMALL = new DateWindow(Instant.parse("2026-06-01T00:00:00Z"), Instant.parse("2026-06-02T00:00:00Z"));
    private static final int SMALL_CALLS = 50;

    public static void main(String[] args) throws Exception {
        int organizations = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int bigCalls = args.length > 1 ? Integer.parseInt(args[1]) : 3_000;
        int smallImports = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int delayMillis = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        // 100 calls a day: one Gong page per one-day slice
        DateWindow big = new DateWindow(BIG_END.minus(Duration.ofDays(Math.max(1, bigCalls / 100))), BIG_END);

        try (GongSimulator gong = GongSimulator.start()) {
            gong.seed(bigCalls, big, CallMix.TYPICAL, 2026);
            gong.addCalls(SMALL_CALLS, SMALL, CallMix.TYPICAL, 7);
            gong.useRecordingSize(4 * 1024);
            // a vendor's answers take time; without it the benchmark measures only this machine's CPU
            gong.delayResponses(Duration.ofMillis(delayMillis));
            ConfigurableApplicationContext service = SpringApplication.run(CallImportApplication.class,
                    "--server.port=0",
                    "--spring.datasource.url=" + TestDatabase.url("fairness_bench"),
                    "--spring.datasource.username=" + TestDatabase.user(),
                    "--spring.datasource.password=" + TestDatabase.password(),
                    "--spring.datasource.hikari.maximum-pool-size=30",
                    "--callimport.data-directory=" + Files.createTempDirectory("callimport-bench-"),
                    "--callimport.bootstrap-token=bench",
                    "--callimport.rate-budgets=false",
                    "--callimport.platforms.gong.base-url=" + gong.baseUrl(),
                    "--logging.level.com.callimport=WARN");
            try {
                int port = ((WebServerApplicationContext) service).getWebServer().getPort();
                run(ApiClient.at(port, "bench"), big, organizations, bigCalls, smallImports, delayMillis);
            } finally {
                service.close();
            }
        }
        System.exit(0);
    }

    private static void run(ApiClient admin, DateWindow big, int organizations, int bigCalls, int smallImports, int delayMillis)
            throws Exception {
        List<ApiClient> bigOrganizations = new ArrayList<>();
        List<String> bigRuns = new ArrayList<>();
        for (int i = 0; i < organizations; i++) {
            ApiClient organization = admin.newOrganizationBilledOnInvoice("Big " + i);
            bigOrganizations.add(organization);
            bigRuns.add(startImport(organization, connect(organization), big));
        }
        Instant bigStarted = Instant.now();
        // let every big import get going and the queue fill before the first small import
        while (listed(bigOrganizations, bigRuns) < organizations * 100L) {
            Thread.sleep(200);
        }
        long listedBefore = listed(bigOrganizations, bigRuns);
        Instant measuring = Instant.now();

        List<Double> waits = new ArrayList<>();
        for (int i = 0; i < smallImports; i++) {
            ApiClient organization = admin.newOrganizationBilledOnInvoice("Small " + i);
            String connection = connect(organization);
            Instant created = Instant.now();
            String run = startImport(organization, connection, SMALL);
            while (organization.get("/api/import-runs/" + run).json().get("counts").get("listed").asLong() == 0) {
                Thread.sleep(50); // polling the run's progress, as a customer's page would
            }
            waits.add(Duration.between(created, Instant.now()).toMillis() / 1000.0);
        }
        double measuredSeconds = Duration.between(measuring, Instant.now()).toMillis() / 1000.0;
        long listedDuring = listed(bigOrganizations, bigRuns) - listedBefore;
        long bigRunning = bigRuns.stream().filter(run -> state(bigOrganizations.get(bigRuns.indexOf(run)), run).equals("RUNNING")).count();

        List<Double> sorted = waits.stream().sorted().toList();
        System.out.println();
        System.out.printf("Fairness benchmark: %d organizations each importing %d Gong calls, %d small imports (%d calls) started one after another%n",
                organizations, bigCalls, smallImports, SMALL_CALLS);
        System.out.printf("  vendor latency            %d ms per answer; 8 workers, 5 s poll interval%n", delayMillis);
        System.out.printf("  time to first progress    p50 %.1f s, p95 %.1f s, max %.1f s (target p95 <= 10 s)%n",
                percentile(sorted, 50), percentile(sorted, 95), sorted.getLast());
        System.out.printf("  each small import         %s%n", waits.stream().map(wait -> String.format("%.1f", wait)).toList());
        System.out.printf("  big imports meanwhile     %d calls in %.1f s (%.0f calls/s); %d of %d still running at the end%n",
                listedDuring, measuredSeconds, listedDuring / measuredSeconds, bigRunning, organizations);
        System.out.printf("  since the big imports began %.1f s%n", Duration.between(bigStarted, Instant.now()).toMillis() / 1000.0);
        for (int i = 0; i < organizations; i++) {
            bigOrganizations.get(i).post("/api/import-runs/" + bigRuns.get(i) + "/cancel");
        }
    }

    private static double percentile(List<Double> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static long listed(List<ApiClient> organizations, List<String> runs) {
        long listed = 0;
        for (int i = 0; i < runs.size(); i++) {
            listed += organizations.get(i).get("/api/import-runs/" + runs.get(i)).json().get("counts").get("listed").asLong();
        }
        return listed;
    }

    private static String state(ApiClient organization, String run) {
        return organization.get("/api/import-runs/" + run).json().get("state").asString();
    }

    private static String connect(ApiClient organization) {
        return organization.post("/api/connections", json("platform", "gong", "credentials", Map.of(
                "baseUrl", "https://us-12345.api.gong.io", "accessKey", GongSimulator.ACCESS_KEY,
                "accessKeySecret", GongSimulator.ACCESS_KEY_SECRET))).text("id");
    }

    private static String startImport(ApiClient organization, String connection, DateWindow window) {
        ApiClient.Reply run = organization.post("/api/import-runs", json("connectionId", connection,
                "from", window.from().toString(), "to", window.to().toString()));
        if (run.status() != 201) {
            throw new IllegalStateException("starting an import answered " + run);
        }
        return run.text("id");
    }
}
