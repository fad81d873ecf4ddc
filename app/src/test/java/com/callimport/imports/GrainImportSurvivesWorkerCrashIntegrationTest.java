package com.callimport.imports;

import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connector.testkit.SeededCall;
import com.callimport.connectors.grain.GrainCredentialsFixture;
import com.callimport.connectors.grain.GrainSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The crash scenario against Grain, with 1,050 recordings (some transcript-only), every media link
 * expired right after the SIGKILL, every 40th request throttled, every 31st a 503 and every 61st
 * recording cut short.
 *
 * <p>Grain's real budget, 300 requests a minute, makes this import last at least ~6 minutes (a
 * transcript and a media request per recording), too long for CI. So the engine's budget is switched
 * off here ({@code callimport.rate-budgets=false}) and the simulator enforces a rolling window with
 * Retry-After scaled to 150 per second, while the connector keeps declaring the real limit.
 */
class GrainImportSurvivesWorkerCrashIntegrationTest extends ImportSurvivesWorkerCrashScenario {
    private static final DateWindow WINDOW = new DateWindow(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-22T00:00:00Z"));
    private static final int CALLS = 1_050;

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
        GrainSimulator grain = GrainSimulator.start();
        seeded.addAll(grain.seed(CALLS, WINDOW, CallMix.TYPICAL, 42));
        grain.enforceRateLimit(150, Duration.ofSeconds(1));
        grain.rateLimitEvery(40, Duration.ofSeconds(1));
        grain.failEvery(31, 503);
        grain.truncateEvery(61);
        return new CrashedVendor() {
            public String platform() {
                return "grain";
            }

            public Map<String, String> credentials() {
                return GrainCredentialsFixture.acceptedValues();
            }

            public List<String> workerSettings() {
                return List.of("--callimport.platforms.grain.base-url=" + grain.baseUrl(), "--callimport.rate-budgets=false");
            }

            public void afterKill() {
                grain.expireMediaLinks();
            }

            public Set<String> eligibleCallIds() {
                return grain.eligibleCallIds();
            }

            public Set<String> callsWithRecording() {
                return grain.callsWithRecording();
            }

            public String recordingSha256(String vendorCallId) {
                return grain.recordingSha256(vendorCallId);
            }

            public long rateLimitedResponses() {
                return grain.rateLimitedResponses();
            }

            public long serverErrorResponses() {
                return grain.serverErrorResponses();
            }

            public long recordingsTruncated() {
                return grain.recordingsTruncated();
            }

            public void close() {
                grain.close();
            }
        };
    }
}
