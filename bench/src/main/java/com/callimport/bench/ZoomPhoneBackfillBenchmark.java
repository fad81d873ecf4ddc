package com.callimport.bench;

import static com.callimport.testfixtures.ApiClient.json;

import com.callimport.CallImportApplication;
import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connectors.zoomphone.ZoomPhoneSimulator;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A three-month Zoom Phone backfill through the whole service while the simulator enforces Zoom's documented Business
 * limits per account (Light 40/s, Medium 20/s, Heavy 10/s and 30,000/day), answering 429 beyond them. Prints the
 * requests per label, the 429s received (target 0) and the wall time against the least those limits allow for the
 * requests made. Connects by signing in through the simulator's OAuth endpoints, as an admin's browser would.
 * Usage: {@code ZoomPhoneBackfillBenchmark [calls]} (default 1000).
 */
public final class ZoomPhoneBackfillBenchmark {

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Instant now = Instant.now();
        DateWindow threeMonths = new DateWindow(now.minus(Duration.ofDays(90)), now.minus(Duration.ofHours(1)));
        try (ZoomPhoneSimulator zoom = ZoomPhoneSimulator.start()) {
            zoom.seed(calls, threeMonths, CallMix.TYPICAL, 90);
            zoom.useRecordingSize(16 * 1024);
            zoom.enforceRateLimits(true);
            ConfigurableApplicationContext service = SpringApplication.run(CallImportApplication.class,
                    "--server.port=0",
                    "--spring.datasource.url=" + TestDatabase.url(),
                    "--spring.datasource.username=" + TestDatabase.user(),
                    "--spring.datasource.password=" + TestDatabase.password(),
                    "--callimport.data-directory=" + Files.createTempDirectory("callimport-zoom-bench-"),
                    "--callimport.bootstrap-token=bench",
                    "--callimport.oauth.public-url=http://callimport.example",
                    "--callimport.platforms.zoom-phone.base-url=" + zoom.baseUrl(),
                    "--callimport.oauth.clients.zoom-phone.client-id=" + ZoomPhoneSimulator.CLIENT_ID,
                    "--callimport.oauth.clients.zoom-phone.client-secret=" + ZoomPhoneSimulator.CLIENT_SECRET,
                    "--callimport.oauth.clients.zoom-phone.authorization-uri=" + zoom.authorizationUri(),
                    "--callimport.oauth.clients.zoom-phone.token-uri=" + zoom.tokenUri(),
                    "--logging.level.com.callimport=WARN");
            try {
                int port = ((WebServerApplicationContext) service).getWebServer().getPort();
                ApiClient customer = ApiClient.at(port, "bench").newOrganizationBilledOnInvoice("Zoom Benchmark");
                String connection = signIn(customer, port);
                long light = zoom.requestsIn("Light");
                long medium = zoom.requestsIn("Medium");
                long heavy = zoom.requestsIn("Heavy");
                long refusedBefore = zoom.rateLimitedResponses();
                Instant started = Instant.now();
                String runId = customer.post("/api/import-runs", json("connectionId", connection,
                        "from", threeMonths.from().toString(), "to", threeMonths.to().toString())).text("id");
                JsonNode run;
                do {
                    Thread.sleep(250); // polling the run's progress, as the progress page does
                    run = customer.get("/api/import-runs/" + runId).json();
                } while (run.get("state").asString().matches("QUEUED|RUNNING"));
                double wall = Duration.between(started, Instant.now()).toMillis() / 1000.0;
                light = zoom.requestsIn("Light") - light;
                medium = zoom.requestsIn("Medium") - medium;
                heavy = zoom.requestsIn("Heavy") - heavy;
                // each label is limited on its own: the slowest label's requests at its rate are the least time possible
                double minimum = Math.max(heavy / 10.0, Math.max(medium / 20.0, light / 40.0));
                System.out.println();
                System.out.printf("Zoom Phone 90-day backfill: %d calls, Zoom's Business limits enforced by the simulator%n", calls);
                System.out.printf("  run state                %s %s%n", run.get("state").asString(), run.get("counts"));
                System.out.printf("  requests                 Heavy %d (call history), Medium %d (downloads), Light %d (recordings, transcripts)%n",
                        heavy, medium, light);
                System.out.printf("  429s received            %d (target 0)%n", zoom.rateLimitedResponses() - refusedBefore);
                System.out.printf("  wall time                %.1f s; least Zoom's limits allow %.1f s; ratio %.2f%n", wall, minimum,
                        minimum == 0 ? 0 : wall / minimum);
            } finally {
                service.close();
            }
        }
        System.exit(0);
    }

    private static String signIn(ApiClient customer, int port) throws Exception {
        HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        JsonNode link = customer.post("/api/connections/oauth", json("platform", "zoom-phone")).json();
        HttpResponse<String> vendor = browser.send(HttpRequest.newBuilder(URI.create(link.get("authorizationUrl").asString())).build(),
                HttpResponse.BodyHandlers.ofString());
        URI redirect = URI.create(vendor.headers().firstValue("Location").orElseThrow());
        browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + redirect.getRawPath() + "?" + redirect.getRawQuery()))
                .build(), HttpResponse.BodyHandlers.ofString());
        return customer.get("/api/connections").json().get(0).get("id").asString();
    }
}
