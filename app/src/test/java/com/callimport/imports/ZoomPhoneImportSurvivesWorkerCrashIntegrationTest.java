package com.callimport.imports;

import static com.callimport.testfixtures.ApiClient.json;

import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connector.testkit.SeededCall;
import com.callimport.connectors.zoomphone.ZoomPhoneSimulator;
import com.callimport.testfixtures.ApiClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The crash scenario against Zoom Phone: a three-month backfill signed in through our app, every 40th request throttled,
 * every 31st a 503, every 61st recording cut short, and every page token dead right after the SIGKILL, as the pause of a
 * restart beyond Zoom's 15 minutes would leave them. The engine's budget is off, as for Grain: the subject is the crash.
 */
class ZoomPhoneImportSurvivesWorkerCrashIntegrationTest extends ImportSurvivesWorkerCrashScenario {
    private static final Instant NOW = Instant.now();
    private static final DateWindow WINDOW = new DateWindow(NOW.minus(Duration.ofDays(90)), NOW.minus(Duration.ofHours(1)));
    private static final int CALLS = 300;

    @Override
    protected DateWindow window() {
        return WINDOW;
    }

    @Override
    protected int calls() {
        return CALLS;
    }

    @Override
    protected CrashedVendor startVendor(List<SeededCall> seeded) {
        ZoomPhoneSimulator zoom = ZoomPhoneSimulator.start();
        seeded.addAll(zoom.seed(CALLS, WINDOW, CallMix.TYPICAL, 43));
        zoom.usePageSize(50);
        zoom.useRecordingSize(4096);
        zoom.rateLimitEvery(40);
        zoom.failEvery(31);
        zoom.truncateEvery(61);
        return new CrashedVendor() {
            public String platform() {
                return "zoom-phone";
            }

            public Map<String, String> credentials() {
                return Map.of();
            }

            public String connect(ApiClient customer, int port) throws Exception {
                HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
                JsonNode link = customer.post("/api/connections/oauth", json("platform", "zoom-phone")).json();
                HttpResponse<String> vendor = browser.send(HttpRequest.newBuilder(URI.create(link.get("authorizationUrl").asString())).build(),
                        HttpResponse.BodyHandlers.ofString());
                URI redirect = URI.create(vendor.headers().firstValue("Location").orElseThrow());
                browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + redirect.getRawPath() + "?"
                        + redirect.getRawQuery())).build(), HttpResponse.BodyHandlers.ofString());
                return customer.get("/api/connections").json().get(0).get("id").asString();
            }

            public List<String> workerSettings() {
                return List.of("--callimport.platforms.zoom-phone.base-url=" + zoom.baseUrl(), "--callimport.rate-budgets=false",
                        "--callimport.oauth.public-url=http://callimport.example",
                        "--callimport.oauth.clients.zoom-phone.client-id=" + ZoomPhoneSimulator.CLIENT_ID,
                        "--callimport.oauth.clients.zoom-phone.client-secret=" + ZoomPhoneSimulator.CLIENT_SECRET,
                        "--callimport.oauth.clients.zoom-phone.authorization-uri=" + zoom.authorizationUri(),
                        "--callimport.oauth.clients.zoom-phone.token-uri=" + zoom.tokenUri());
            }

            public void afterKill() {
                zoom.expireAllPageTokens();
            }

            public Set<String> eligibleCallIds() {
                return zoom.callIds();
            }

            public Set<String> callsWithRecording() {
                return zoom.callsWithRecording();
            }

            public String recordingSha256(String vendorCallId) {
                return zoom.recordingSha256(vendorCallId);
            }

            public long rateLimitedResponses() {
                return zoom.rateLimitedResponses();
            }

            public long serverErrorResponses() {
                return zoom.serverErrorResponses();
            }

            public long recordingsTruncated() {
                return zoom.recordingsTruncated();
            }

            public void close() {
                zoom.close();
            }
        };
    }
}
