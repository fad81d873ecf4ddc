package com.callimport.imports;

import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connector.testkit.SeededCall;
import com.callimport.connectors.fathom.FathomCredentialsFixture;
import com.callimport.connectors.fathom.FathomSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The crash scenario against Fathom, with 1,050 meetings, every media link expired right after the
 * SIGKILL (so downloads asked for before it must be asked for again), every 40th request throttled with
 * Fathom's RateLimit headers, every 31st a 503 and every 61st recording cut short.
 *
 * <p>Fathom's real budget, 60 requests a minute, makes this import last at least ~18 minutes (one
 * download request per meeting), too long for CI. So the engine's budget is switched off here
 * ({@code callimport.rate-budgets=false}, the switch benchmarks use) and the simulator enforces the same
 * kind of limit, a fixed window with RateLimit headers and Retry-After, scaled to 60 per second: the
 * scenario still proves the crash recovery and the 429 handling at full speed, while the connector
 * keeps declaring the real limit. That the engine holds to the declared 60 a minute is the budget's
 * own test, independent of the platform.
 */
class FathomImportSurvivesWorkerCrashIntegrationTest extends ImportSurvivesWorkerCrashScenario {
    // ten of Fathom's week-long slices, so that both workers have slices to take
    private static final DateWindow WINDOW = new DateWindow(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-03-12T00:00:00Z"));
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
        FathomSimulator fathom = FathomSimulator.start();
        seeded.addAll(fathom.seed(CALLS, WINDOW, CallMix.TYPICAL, 42));
        fathom.usePageSize(50);
        fathom.enforceRateLimit(60, Duration.ofSeconds(1));
        fathom.rateLimitEvery(40, Duration.ofSeconds(1));
        fathom.failEvery(31, 503);
        fathom.truncateEvery(61);
        return new CrashedVendor() {
            public String platform() {
                return "fathom";
            }

            public Map<String, String> credentials() {
                return FathomCredentialsFixture.acceptedValues();
            }

            public List<String> workerSettings() {
                return List.of("--callimport.platforms.fathom.base-url=" + fathom.baseUrl(), "--callimport.rate-budgets=false");
            }

            public void afterKill() {
                fathom.expireMediaLinks();
            }

            public Set<String> eligibleCallIds() {
                return fathom.eligibleCallIds();
            }

            public Set<String> callsWithRecording() {
                return fathom.callsWithRecording();
            }

            public String recordingSha256(String vendorCallId) {
                return fathom.recordingSha256(vendorCallId);
            }

            public long rateLimitedResponses() {
                return fathom.rateLimitedResponses();
            }

            public long serverErrorResponses() {
                return fathom.serverErrorResponses();
            }

            public long recordingsTruncated() {
                return fathom.recordingsTruncated();
            }

            public void close() {
                fathom.close();
            }
        };
    }
}
