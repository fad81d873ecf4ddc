package com.callimport.bench;

import static com.callimport.testfixtures.ApiClient.json;

import com.callimport.CallImportApplication;
import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connectors.gong.GongCredentialsFixture;
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
import tools.jackson.databind.JsonNode;

/**
 * Backtests the timeline estimator: for Gong imports of 1,000, 5,000 and 20,000 simulated calls under
 * Gong's enforced limits, takes the preview's estimate, runs the import, and prints estimated vs actual
 * duration. Runs go in order, so later estimates are calibrated by the earlier runs, as in production.
 * Usage: {@code EstimatorBacktest [calls...]}; each run's window is about a quarter, a half and a whole year.
 */
public final class EstimatorBacktest {

    private record Scenario(int calls, int days) {
    }

    public static void main(String[] args) throws Exception {
        List<Scenario> scenarios = new ArrayList<>();
        if (args.length == 0) {
            scenarios.addAll(List.of(new Scenario(1_000, 90), new Scenario(5_000, 180), new Scenario(20_000, 365)));
        } else {
            for (String calls : args) {
                int count = Integer.parseInt(calls);
                scenarios.add(new Scenario(count, Math.max(30, Math.min(365, count / 55))));
            }
        }
        // one simulator for every scenario: the service reaches it only through the operator's override, fixed at start
        GongSimulator gong = GongSimulator.start();
        ConfigurableApplicationContext service = SpringApplication.run(CallImportApplication.class,
                "--server.port=0",
                "--spring.datasource.url=" + TestDatabase.url(),
                "--spring.datasource.username=" + TestDatabase.user(),
                "--spring.datasource.password=" + TestDatabase.password(),
                "--callimport.data-directory=" + Files.createTempDirectory("callimport-backtest-"),
                "--callimport.bootstrap-token=bench",
                "--callimport.platforms.gong.base-url=" + gong.baseUrl(),
                // the simulator's recordings are 32 KiB, not the production assumption of 20 MB
                "--callimport.timeline.typical-recording-megabytes=0.03125",
                "--logging.level.com.callimport=WARN");
        List<String> results = new ArrayList<>();
        try {
            int port = ((WebServerApplicationContext) service).getWebServer().getPort();
            ApiClient customer = ApiClient.at(port, "bench").newOrganization("Backtest");
            Instant end = Instant.parse("2026-06-01T00:00:00Z");
            for (Scenario scenario : scenarios) {
                results.add(run(customer, gong, scenario, new DateWindow(end.minus(Duration.ofDays(scenario.days())), end)));
                end = end.minus(Duration.ofDays(scenario.days()));
            }
        } finally {
            service.close();
            gong.close();
        }
        System.out.println();
        System.out.println("Timeline estimator backtest: Gong, limits enforced (3/s, 10,000/day), estimates from the preview");
        System.out.println("   calls  window  requests  estimated    actual   error  basis");
        results.forEach(System.out::println);
        System.exit(0);
    }

    private static String run(ApiClient customer, GongSimulator gong, Scenario scenario, DateWindow window) throws Exception {
        gong.reset();
        gong.seed(scenario.calls(), window, CallMix.TYPICAL, scenario.calls());
        gong.enforceGongRateLimits();
        // a Gong account of its own per scenario, so that no scenario inherits another's rate budget
        String accessKey = "backtest-" + scenario.calls();
        gong.acceptCredentials(accessKey, GongSimulator.ACCESS_KEY_SECRET);
        String connection = customer.post("/api/connections", json("platform", "gong", "credentials", Map.of(
                "baseUrl", GongCredentialsFixture.CUSTOMER_BASE_URL, "accessKey", accessKey,
                "accessKeySecret", GongSimulator.ACCESS_KEY_SECRET))).text("id");
        String range = json("from", window.from().toString(), "to", window.to().toString());
        JsonNode timeline = customer.post("/api/connections/" + connection + "/preview", range).json().get("timeline");
        JsonNode expected = timeline.get("expected");
        Duration estimated = expected.isNumber() ? Duration.ofMillis((long) (expected.asDouble() * 1000))
                : Duration.parse(expected.asString());
        // let the budget refill after the preview's requests, as a customer reading the preview would
        Thread.sleep(2_000);

        Instant started = Instant.now();
        String runId = customer.post("/api/import-runs", json("connectionId", connection,
                "from", window.from().toString(), "to", window.to().toString())).text("id");
        JsonNode run;
        do {
            Thread.sleep(100); // polling the run's progress, as the progress page does
            run = customer.get("/api/import-runs/" + runId).json();
        } while (run.get("state").asString().equals("RUNNING"));
        Duration actual = Duration.between(started, Instant.now());
        double error = (estimated.toMillis() - actual.toMillis()) * 100.0 / actual.toMillis();
        return String.format("%8d %6dd %9d %9.1fs %8.1fs %+6.1f%%  %s (run %s)", scenario.calls(), scenario.days(),
                timeline.get("vendorRequests").asLong(), estimated.toMillis() / 1000.0, actual.toMillis() / 1000.0, error,
                timeline.get("basis").asString(), run.get("state").asString());
    }
}
