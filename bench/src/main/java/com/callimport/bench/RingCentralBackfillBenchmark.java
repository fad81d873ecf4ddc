package com.callimport.bench;

import static com.callimport.testfixtures.ApiClient.json;

import com.callimport.CallImportApplication;
import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connectors.ringcentral.RingCentralSimulator;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.TestDatabase;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A 30-day RingCentral history through the whole service while the simulator enforces RingCentral's
 * throttling groups the way RingCentral does (Heavy: 10 requests a minute, a 60 s penalty that every
 * further request restarts). Prints the Heavy requests made, penalties incurred (target 0) and the wall
 * time against the least the Heavy budget allows. Connects with a JWT credential (jwt-bearer grant).
 * Usage: {@code RingCentralBackfillBenchmark [calls]} (default 60).
 */
public final class RingCentralBackfillBenchmark {

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        Instant now = Instant.now();
        DateWindow lastMonth = new DateWindow(now.minus(Duration.ofDays(30)), now.minus(Duration.ofHours(1)));
        try (RingCentralSimulator ringCentral = RingCentralSimulator.start()) {
            ringCentral.seed(calls, lastMonth, CallMix.TYPICAL, 30);
            ringCentral.enforceThrottlingGroups(true);
            ConfigurableApplicationContext service = SpringApplication.run(CallImportApplication.class,
                    "--server.port=0",
                    "--spring.datasource.url=" + TestDatabase.url(),
                    "--spring.datasource.username=" + TestDatabase.user(),
                    "--spring.datasource.password=" + TestDatabase.password(),
                    "--callimport.data-directory=" + Files.createTempDirectory("callimport-rc-bench-"),
                    "--callimport.bootstrap-token=bench",
                    "--callimport.platforms.ringcentral.base-url=" + ringCentral.baseUrl(),
                    "--callimport.oauth.clients.ringcentral.client-id=" + RingCentralSimulator.CLIENT_ID,
                    "--callimport.oauth.clients.ringcentral.client-secret=" + RingCentralSimulator.CLIENT_SECRET,
                    "--callimport.oauth.clients.ringcentral.token-uri=" + ringCentral.tokenUri(),
                    "--logging.level.com.callimport=WARN");
            try {
                int port = ((WebServerApplicationContext) service).getWebServer().getPort();
                ApiClient customer = ApiClient.at(port, "bench").newOrganizationBilledOnInvoice("Dialer Benchmark");
                String connection = customer.post("/api/connections", json("platform", "ringcentral",
                        "credentials", Map.of("jwt", ringCentral.jwtCredential()))).text("id");
                long heavyBefore = ringCentral.requestsInGroup("Heavy");
                Instant started = Instant.now();
                String runId = customer.post("/api/import-runs", json("connectionId", connection,
                        "from", lastMonth.from().toString(), "to", lastMonth.to().toString())).text("id");
                JsonNode run;
                do {
                    Thread.sleep(500); // polling the run's progress, as the progress page does
                    run = customer.get("/api/import-runs/" + runId).json();
                } while (run.get("state").asString().matches("QUEUED|RUNNING"));
                double wall = Duration.between(started, Instant.now()).toMillis() / 1000.0;
                long heavy = ringCentral.requestsInGroup("Heavy") - heavyBefore;
                // a sliding window of 60 s holds at most 10 Heavy requests: bursts of 10 a minute apart at best
                double minimum = Math.max(0, (heavy - 1) / 10) * 60.0;
                // the engine paces them one per 6 s instead (ADR 0004): a burst's stragglers would overrun the next window
                double paced = Math.max(0, heavy - 1) * 6.0;
                System.out.println();
                System.out.printf("RingCentral 30-day backfill: %d calls, throttling groups enforced by the simulator%n", calls);
                System.out.printf("  run state                %s %s%n", run.get("state").asString(), run.get("counts"));
                System.out.printf("  Heavy requests           %d (call log pages, counting pages and recording downloads)%n", heavy);
                System.out.printf("  Heavy penalties          %d (target 0); 429s %d%n", ringCentral.penaltiesStarted("Heavy"),
                        ringCentral.rateLimitedResponses());
                System.out.printf("  wall time                %.1f s; least the Heavy budget allows %.1f s (ratio %.2f); "
                        + "evenly paced %.1f s (ratio %.2f)%n", wall, minimum, minimum == 0 ? 0 : wall / minimum, paced,
                        paced == 0 ? 0 : wall / paced);
            } finally {
                service.close();
            }
        }
        System.exit(0);
    }
}
