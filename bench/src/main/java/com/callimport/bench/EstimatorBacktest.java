package com.callimport.bench;

import static com.callimport.testfixtures.ApiClient.json;

import com.callimport.CallImportApplication;
import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connector.testkit.VendorSimulator;
import com.callimport.connectors.fathom.FathomSimulator;
import com.callimport.connectors.gong.GongCredentialsFixture;
import com.callimport.connectors.gong.GongSimulator;
import com.callimport.connectors.grain.GrainSimulator;
import com.callimport.connectors.ringcentral.RingCentralSimulator;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.TestDatabase;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Backtests the timeline estimator per connector: each platform's simulator enforces the vendor's documented
 * limits (Gong 3/s and 10,000/day, Fathom 60 a minute, Grain 300 a minute, RingCentral's throttling groups),
 * the engine enforces its own budget, the preview's estimate is taken, the import is run, and predicted vs
 * actual duration is printed with the error and the API requests the simulator received during the run (for Gong by
 * path, with its 429s and the time before its first and after its last request). During each run the ETA reported at about 10 % and 50 % is
 * compared with the time that was actually left. Runs of a platform go in order, so later estimates are
 * calibrated by the earlier ones, as in production.
 * Usage: {@code EstimatorBacktest [platform[:calls[:days]] ...]}, default {@code gong:1000:90 gong:5000:180
 * fathom:120:30 grain:600:60 ringcentral:30:30}.
 */
public final class EstimatorBacktest {

    private record Scenario(String platform, int calls, int days) {
        static Scenario parse(String text) {
            String[] parts = text.split(":");
            String platform = parts[0];
            int calls = parts.length > 1 ? Integer.parseInt(parts[1]) : switch (platform) {
                case "gong" -> 1_000;
                case "fathom" -> 120;
                case "grain" -> 600;
                default -> 30;
            };
            int days = parts.length > 2 ? Integer.parseInt(parts[2]) : Math.max(30, Math.min(365, calls / 11));
            return new Scenario(platform, calls, days);
        }
    }

    private record EtaSample(double progress, double predictedLeft, Instant at) {
    }

    public static void main(String[] args) throws Exception {
        List<Scenario> scenarios = new ArrayList<>();
        for (String text : args.length == 0
                ? new String[] {"gong:1000:90", "gong:5000:180", "fathom:120:30", "grain:600:60", "ringcentral:30:30"} : args) {
            scenarios.add(Scenario.parse(text));
        }
        try (GongSimulator gong = GongSimulator.start(); FathomSimulator fathom = FathomSimulator.start();
             GrainSimulator grain = GrainSimulator.start(); RingCentralSimulator ringCentral = RingCentralSimulator.start()) {
            gong.enforceGongRateLimits();
            fathom.enforceFathomRateLimit();
            grain.enforceGrainRateLimit();
            ringCentral.enforceThrottlingGroups(true);
            ConfigurableApplicationContext service = SpringApplication.run(CallImportApplication.class,
                    "--server.port=0",
                    "--spring.datasource.url=" + TestDatabase.url(),
                    "--spring.datasource.username=" + TestDatabase.user(),
                    "--spring.datasource.password=" + TestDatabase.password(),
                    "--callimport.data-directory=" + Files.createTempDirectory("callimport-backtest-"),
                    "--callimport.bootstrap-token=bench",
                    "--callimport.platforms.gong.base-url=" + gong.baseUrl(),
                    "--callimport.platforms.fathom.base-url=" + fathom.baseUrl(),
                    "--callimport.platforms.grain.base-url=" + grain.baseUrl(),
                    "--callimport.platforms.ringcentral.base-url=" + ringCentral.baseUrl(),
                    "--callimport.oauth.clients.ringcentral.client-id=" + RingCentralSimulator.CLIENT_ID,
                    "--callimport.oauth.clients.ringcentral.client-secret=" + RingCentralSimulator.CLIENT_SECRET,
                    "--callimport.oauth.clients.ringcentral.token-uri=" + ringCentral.tokenUri(),
                    // the simulators' recordings are 16–32 KiB, not the production assumption of 20 MB
                    "--callimport.timeline.typical-recording-megabytes=0.03125",
                    "--logging.level.com.callimport=WARN");
            List<String> results = new ArrayList<>();
            try {
                int port = ((WebServerApplicationContext) service).getWebServer().getPort();
                ApiClient customer = ApiClient.at(port, "bench").newOrganizationBilledOnInvoice("Backtest");
                Map<String, Instant> ends = new LinkedHashMap<>();
                for (Scenario scenario : scenarios) {
                    // each platform's runs walk back in time, so a later run's window holds only its own calls
                    Instant end = ends.getOrDefault(scenario.platform(), Instant.now().minus(Duration.ofHours(2)));
                    DateWindow window = new DateWindow(end.minus(Duration.ofDays(scenario.days())), end);
                    ends.put(scenario.platform(), window.from());
                    Map<String, Object> credentials = switch (scenario.platform()) {
                        case "gong" -> {
                            gong.reset();
                            gong.enforceGongRateLimits();
                            gong.seed(scenario.calls(), window, CallMix.TYPICAL, scenario.calls());
                            // a Gong account of its own per scenario, so that no scenario inherits another's rate budget
                            String accessKey = "backtest-" + scenario.calls() + "-" + scenario.days();
                            gong.acceptCredentials(accessKey, GongSimulator.ACCESS_KEY_SECRET);
                            yield Map.of("baseUrl", GongCredentialsFixture.CUSTOMER_BASE_URL, "accessKey", accessKey,
                                    "accessKeySecret", GongSimulator.ACCESS_KEY_SECRET);
                        }
                        case "fathom" -> {
                            fathom.seed(scenario.calls(), window, CallMix.TYPICAL, scenario.calls());
                            yield Map.of("apiKey", FathomSimulator.API_KEY);
                        }
                        case "grain" -> {
                            grain.seed(scenario.calls(), window, CallMix.TYPICAL, scenario.calls());
                            yield Map.of("accessToken", GrainSimulator.ACCESS_TOKEN);
                        }
                        case "ringcentral" -> {
                            ringCentral.seed(scenario.calls(), window, CallMix.TYPICAL, scenario.calls());
                            yield Map.of("jwt", ringCentral.jwtCredential());
                        }
                        default -> throw new IllegalArgumentException("unknown platform " + scenario.platform()
                                + "; use gong, fathom, grain or ringcentral");
                    };
                    VendorSimulator simulator = switch (scenario.platform()) {
                        case "gong" -> gong;
                        case "fathom" -> fathom;
                        case "grain" -> grain;
                        default -> ringCentral;
                    };
                    results.add(run(customer, scenario, window, credentials, simulator));
                    System.out.println(results.getLast());
                }
            } finally {
                service.close();
            }
            System.out.println();
            System.out.println("Timeline estimator backtest: vendor limits enforced by simulator and engine, estimates from the preview");
            System.out.println("platform       calls  window  requests  predicted    actual   error | ETA at ~10 %: said/left err | ETA at ~50 %: said/left err | basis");
            results.forEach(System.out::println);
        }
        System.exit(0);
    }

    private static String run(ApiClient customer, Scenario scenario, DateWindow window, Map<String, Object> credentials,
                              VendorSimulator simulator) throws Exception {
        String connection = customer.post("/api/connections", json("platform", scenario.platform(), "credentials", credentials))
                .text("id");
        String range = json("from", window.from().toString(), "to", window.to().toString());
        ApiClient.Reply previewReply = customer.post("/api/connections/" + connection + "/preview", range);
        if (previewReply.status() != 200) {
            return scenario.platform() + ": preview failed " + previewReply.status() + " " + previewReply.body();
        }
        JsonNode timeline = previewReply.json().get("timeline");
        Duration estimated = duration(timeline.get("expected"));
        // let the budget refill after the preview's requests, as a customer reading the preview would
        Thread.sleep(Duration.ofSeconds(scenario.platform().equals("ringcentral") ? 60 : 5));

        long requestsBefore = simulator.apiRequestsReceived();
        Map<String, Long> gongPathsBefore = gongRequestsByPath(simulator);
        if (simulator instanceof GongSimulator gong) {
            gong.markApiRequestTimes();
        }
        Instant started = Instant.now();
        String runId = customer.post("/api/import-runs", json("connectionId", connection,
                "from", window.from().toString(), "to", window.to().toString())).text("id");
        List<EtaSample> samples = new ArrayList<>();
        JsonNode run;
        do {
            Thread.sleep(250); // polling the run's progress, as the progress page does
            run = customer.get("/api/import-runs/" + runId).json();
            JsonNode percent = run.get("percentDone");
            JsonNode finish = run.get("estimatedFinish");
            if (percent != null && percent.isNumber() && finish != null && !finish.isNull()) {
                Instant now = Instant.now();
                samples.add(new EtaSample(percent.asDouble(),
                        Duration.between(now, Instant.parse(finish.asString())).toMillis() / 1000.0, now));
            }
        } while (run.get("state").asString().matches("QUEUED|RUNNING"));
        Instant finished = Instant.now();
        Duration actual = Duration.between(started, finished);
        // what the run really asked of the vendor, to hold against the model's request count
        String received = String.format("received %d", simulator.apiRequestsReceived() - requestsBefore);
        if (simulator instanceof GongSimulator gong) {
            Map<String, Long> after = gongRequestsByPath(simulator);
            StringBuilder byPath = new StringBuilder();
            after.forEach((path, requests) -> byPath.append(String.format(" %s %d", path, requests - gongPathsBefore.get(path))));
            received += String.format(" (%s; 429s %d; first request %.1fs after start, last %.1fs before end)", byPath.toString().trim(),
                    gong.rateLimitedResponses(), Duration.between(started, gong.firstApiRequestAt()).toMillis() / 1000.0,
                    Duration.between(gong.lastApiRequestAt(), finished).toMillis() / 1000.0);
        }
        double error = (estimated.toMillis() - actual.toMillis()) * 100.0 / actual.toMillis();
        return String.format("%-12s %7d %6dd %9d %9.1fs %8.1fs %+6.1f%% | %s | %s | %s (run %s, %s; %s)", scenario.platform(),
                scenario.calls(), scenario.days(), timeline.get("vendorRequests").asLong(), estimated.toMillis() / 1000.0,
                actual.toMillis() / 1000.0, error, eta(samples, 10, finished), eta(samples, 50, finished),
                timeline.get("basis").asString(), run.get("state").asString(), run.get("counts"), received);
    }

    private static Map<String, Long> gongRequestsByPath(VendorSimulator simulator) {
        Map<String, Long> requests = new LinkedHashMap<>();
        if (simulator instanceof GongSimulator gong) {
            for (String path : List.of("/v2/calls", "/v2/calls/extensive", "/v2/calls/transcript")) {
                requests.put(path, gong.requestsTo(path));
            }
        }
        return requests;
    }

    /** The ETA said at the first sample at or past {@code percent}, against the time that was actually left. */
    private static String eta(List<EtaSample> samples, double percent, Instant finished) {
        for (EtaSample sample : samples) {
            if (sample.progress() >= percent) {
                double left = Duration.between(sample.at(), finished).toMillis() / 1000.0;
                return String.format("%4.0f%%: %6.1fs/%6.1fs %+6.1f%%", sample.progress(), sample.predictedLeft(), left,
                        left <= 0 ? 0 : (sample.predictedLeft() - left) * 100 / left);
            }
        }
        return String.format("%-30s", "(no sample)");
    }

    private static Duration duration(JsonNode expected) {
        return expected.isNumber() ? Duration.ofMillis((long) (expected.asDouble() * 1000)) : Duration.parse(expected.asString());
    }
}
