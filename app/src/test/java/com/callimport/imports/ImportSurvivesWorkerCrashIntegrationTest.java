package com.callimport.imports;

import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connector.testkit.SeededCall;
import com.callimport.connectors.gong.GongCredentialsFixture;
import com.callimport.connectors.gong.GongSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The crash scenario against Gong: Gong's real limits enforced by its simulator and by the engine's
 * budget, every 40th request throttled, every 23rd a 503, every 61st recording cut short.
 */
class ImportSurvivesWorkerCrashIntegrationTest extends ImportSurvivesWorkerCrashScenario {
    private static final DateWindow WINDOW = new DateWindow(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-22T00:00:00Z"));
    private static final int CALLS = 2_100;

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
        GongSimulator gong = GongSimulator.start();
        seeded.addAll(gong.seed(CALLS, WINDOW, CallMix.TYPICAL, 42));
        gong.enforceGongRateLimits();
        gong.rateLimitEvery(40, Duration.ofSeconds(1));
        gong.failEvery(23, 503);
        gong.truncateEvery(61);
        return new CrashedVendor() {
            public String platform() {
                return "gong";
            }

            public Map<String, String> credentials() {
                return GongCredentialsFixture.acceptedValues();
            }

            public List<String> workerSettings() {
                return List.of("--callimport.platforms.gong.base-url=" + gong.baseUrl());
            }

            public Set<String> eligibleCallIds() {
                return gong.eligibleCallIds(false);
            }

            public Set<String> callsWithRecording() {
                return gong.callsWithRecording();
            }

            public String recordingSha256(String vendorCallId) {
                return gong.recordingSha256(vendorCallId);
            }

            public long rateLimitedResponses() {
                return gong.rateLimitedResponses();
            }

            public long serverErrorResponses() {
                return gong.serverErrorResponses();
            }

            public long recordingsTruncated() {
                return gong.recordingsTruncated();
            }

            public void close() {
                gong.close();
            }
        };
    }
}
