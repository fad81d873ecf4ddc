package com.callimport.imports;

import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connector.testkit.SeededCall;
import com.callimport.connectors.gong.GongSimulator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The crash scenario against a Gong that counts its 3 requests per second in every rolling second and throttles
 * nothing on purpose: across two instances, a SIGKILL and a restart the run draws no 429 at all.
 */
class GongStrictLimitsSurviveWorkerCrashIntegrationTest extends ImportSurvivesWorkerCrashScenario {
    private static final DateWindow WINDOW = new DateWindow(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-03-01T00:00:00Z"));
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
        return new CrashedVendor() {
            public String platform() {
                return "gong";
            }

            public Map<String, String> credentials() {
                return Map.of("baseUrl", gong.baseUrl().toString(), "accessKey", GongSimulator.ACCESS_KEY,
                        "accessKeySecret", GongSimulator.ACCESS_KEY_SECRET);
            }

            public List<String> workerSettings() {
                return List.of();
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

            public boolean throttlesOnPurpose() {
                return false;
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
