package com.callimport.bench;

import static com.callimport.testfixtures.ApiClient.json;

import com.callimport.CallImportApplication;
import com.callimport.connector.Connector;
import com.callimport.connector.DateWindow;
import com.callimport.connector.ListingCost;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connector.testkit.SeededCall;
import com.callimport.connector.testkit.VendorSimulator;
import com.callimport.connectors.fathom.FathomConnector;
import com.callimport.connectors.fathom.FathomCredentialsFixture;
import com.callimport.connectors.fathom.FathomSimulator;
import com.callimport.connectors.gong.GongConnector;
import com.callimport.connectors.gong.GongSimulator;
import com.callimport.connectors.grain.GrainConnector;
import com.callimport.connectors.grain.GrainCredentialsFixture;
import com.callimport.connectors.grain.GrainSimulator;
import com.callimport.connectors.ringcentral.RingCentralConnector;
import com.callimport.connectors.ringcentral.RingCentralSimulator;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.TestDatabase;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;
import java.util.function.Supplier;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Requests per call on a sparse and a dense account of each platform, through the whole service, while every
 * simulator enforces its vendor's documented limits in every rolling window and the engine its budgets. Prints,
 * per run, the vendor API requests made (the count before the run included) against the least the vendor's page
 * size allows for the calls (full pages × the connector's requests per page + its requests per call), and the
 * 429s the vendor answered (target 0). Usage: {@code RequestDensityBenchmark [gong|fathom|grain|ringcentral ...]}.
 */
public final class RequestDensityBenchmark {
    private static final Instant END = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);

    /** One account shape: so many calls over so many days. */
    private record Account(String name, int calls, int days) {
        DateWindow window() {
            return new DateWindow(END.minus(Duration.ofDays(days)), END);
        }
    }

    /** A platform's simulator as the benchmark drives it. */
    private record Platform(String name, Connector connector, VendorSimulator simulator, Runnable enforceLimits,
                            LongSupplier rateLimited, Supplier<Map<String, String>> credentials, List<String> settings,
                            Account sparse, Account dense, ToDoubleFunction<List<SeededCall>> requestsPerCall) {
        Platform(String name, Connector connector, VendorSimulator simulator, Runnable enforceLimits, LongSupplier rateLimited,
                 Supplier<Map<String, String>> credentials, List<String> settings, Account sparse, Account dense) {
            this(name, connector, simulator, enforceLimits, rateLimited, credentials, settings, sparse, dense,
                    seeded -> connector.listingCost().requestsPerCall());
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> wanted = args.length == 0 ? List.of("gong", "fathom", "grain", "ringcentral") : List.of(args);
        GongSimulator gong = GongSimulator.start();
        FathomSimulator fathom = FathomSimulator.start();
        GrainSimulator grain = GrainSimulator.start();
        RingCentralSimulator ringCentral = RingCentralSimulator.start();
        List<Platform> platforms = List.of(
                new Platform("gong", new GongConnector(), gong, gong::enforceGongRateLimits, gong::rateLimitedResponses,
                        () -> Map.of("baseUrl", "https://us-12345.api.gong.io", "accessKey", GongSimulator.ACCESS_KEY,
                                "accessKeySecret", GongSimulator.ACCESS_KEY_SECRET),
                        List.of("--callimport.platforms.gong.base-url=" + gong.baseUrl()),
                        new Account("sparse", 2_000, 365), new Account("dense", 10_000, 30)),
                new Platform("fathom", new FathomConnector(), fathom, fathom::enforceFathomRateLimit, fathom::rateLimitedResponses,
                        FathomCredentialsFixture::acceptedValues,
                        List.of("--callimport.platforms.fathom.base-url=" + fathom.baseUrl()),
                        new Account("sparse", 60, 365), new Account("dense", 150, 7)),
                new Platform("grain", new GrainConnector(), grain, grain::enforceGrainRateLimit, grain::rateLimitedResponses,
                        GrainCredentialsFixture::acceptedValues,
                        List.of("--callimport.platforms.grain.base-url=" + grain.baseUrl()),
                        new Account("sparse", 200, 365), new Account("dense", 400, 14)),
                new Platform("ringcentral", new RingCentralConnector(), ringCentral, () -> ringCentral.enforceThrottlingGroups(true),
                        ringCentral::rateLimitedResponses, () -> Map.of("jwt", ringCentral.jwtCredential()),
                        List.of("--callimport.platforms.ringcentral.base-url=" + ringCentral.baseUrl(),
                                "--callimport.oauth.clients.ringcentral.client-id=" + RingCentralSimulator.CLIENT_ID,
                                "--callimport.oauth.clients.ringcentral.client-secret=" + RingCentralSimulator.CLIENT_SECRET,
                                "--callimport.oauth.clients.ringcentral.token-uri=" + ringCentral.tokenUri()),
                        new Account("sparse", 10, 365), new Account("dense", 20, 7),
                        // a download per recorded call: the seeded share, not the connector's planning average
                        seeded -> seeded.stream().filter(SeededCall::hasRecording).count() / (double) Math.max(1, seeded.size())));

        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + TestDatabase.url(),
                "--spring.datasource.username=" + TestDatabase.user(),
                "--spring.datasource.password=" + TestDatabase.password(),
                "--spring.datasource.hikari.maximum-pool-size=30",
                "--callimport.data-directory=" + Files.createTempDirectory("callimport-density-bench-"),
                "--callimport.bootstrap-token=bench",
                "--jobrunr.background-job-server.worker-count=16",
                "--logging.level.com.callimport=WARN"));
        platforms.forEach(platform -> arguments.addAll(platform.settings()));
        ConfigurableApplicationContext service = SpringApplication.run(CallImportApplication.class, arguments.toArray(String[]::new));
        List<String> lines = new ArrayList<>();
        try {
            ApiClient admin = ApiClient.at(((WebServerApplicationContext) service).getWebServer().getPort(), "bench");
            for (Platform platform : platforms) {
                if (wanted.contains(platform.name())) {
                    for (Account account : List.of(platform.sparse(), platform.dense())) {
                        lines.add(run(admin, platform, account));
                        System.out.println(lines.getLast());
                    }
                }
            }
        } finally {
            service.close();
            gong.close();
            fathom.close();
            grain.close();
            ringCentral.close();
        }
        System.out.println();
        System.out.println("Requests per call against the vendor's page size, limits enforced in every rolling window:");
        System.out.println("| platform | account | calls | requests | minimum | requests ÷ minimum | 429s | wall |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        lines.forEach(System.out::println);
        System.exit(0);
    }

    private static String run(ApiClient admin, Platform platform, Account account) throws Exception {
        VendorSimulator simulator = platform.simulator();
        simulator.reset();
        List<SeededCall> seeded = simulator.seed(account.calls(), account.window(), CallMix.TYPICAL, 2026);
        platform.enforceLimits().run();
        ApiClient customer = admin.newOrganizationBilledOnInvoice(platform.name() + " " + account.name());
        String connection = customer.post("/api/connections", json("platform", platform.name(),
                "credentials", platform.credentials().get())).text("id");
        long requestsBefore = simulator.apiRequestsReceived();
        long refusedBefore = platform.rateLimited().getAsLong();
        Instant started = Instant.now();
        String runId = customer.post("/api/import-runs", json("connectionId", connection,
                "from", account.window().from().toString(), "to", account.window().to().toString())).text("id");
        JsonNode run;
        do {
            Thread.sleep(250); // polling the run's progress, as the progress page does
            run = customer.get("/api/import-runs/" + runId).json();
        } while (run.get("state").asString().matches("QUEUED|RUNNING"));
        double wall = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        long requests = simulator.apiRequestsReceived() - requestsBefore;
        long refused = platform.rateLimited().getAsLong() - refusedBefore;
        long listed = run.get("counts").get("listed").asLong();
        ListingCost cost = platform.connector().listingCost();
        double minimum = Math.ceil((double) listed / cost.callsPerPage()) * cost.requestsPerPage()
                + listed * platform.requestsPerCall().applyAsDouble(seeded);
        return String.format("| %s | %s, %d days | %d listed (%s) | %d (%.3f per call) | %.0f | **%.2f** | **%d** | %.1f s |",
                platform.name(), account.name(), account.days(), listed, run.get("state").asString(), requests,
                (double) requests / Math.max(1, listed), minimum, requests / Math.max(1, minimum), refused, wall);
    }
}
