package com.callimport.imports;

import static com.callimport.testfixtures.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connector.testkit.SeededCall;
import com.callimport.connectors.gong.GongCredentialsFixture;
import com.callimport.connectors.gong.GongSimulator;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.Await;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

@EngineIntegrationTest
// its own database: its jobs need the Gong override only this context has
@TestPropertySource(properties = "callimport.test.database=gonghistorical")
class GongHistoricalImportIntegrationTest {
    private static final DateWindow WINDOW = new DateWindow(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-05T00:00:00Z"));
    // one simulator for the class: the operator's override is fixed for the life of the service
    private static final GongSimulator GONG = GongSimulator.start();

    @DynamicPropertySource
    static void operatorOverride(DynamicPropertyRegistry registry) {
        registry.add("callimport.platforms.gong.base-url", () -> GONG.baseUrl().toString());
    }

    @AfterAll
    static void stop() {
        GONG.close();
    }

    @LocalServerPort
    int port;

    ApiClient admin;
    ApiClient acme;
    List<SeededCall> seeded;

    @BeforeEach
    void setUp() {
        GONG.reset();
        seeded = GONG.seed(240, WINDOW, CallMix.TYPICAL, 7);
        admin = ApiClient.at(port, "test-bootstrap-token");
        acme = admin.newOrganization("Acme");
    }

    private String connect(ApiClient organization, Map<String, String> settings) {
        ApiClient.Reply created = organization.post("/api/connections", json("platform", "gong",
                "credentials", GongCredentialsFixture.acceptedValues(),
                "settings", settings));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("id");
    }

    private JsonNode importWindow(ApiClient organization, String connection) {
        ApiClient.Reply run = organization.post("/api/import-runs", json("connectionId", connection,
                "from", WINDOW.from().toString(), "to", WINDOW.to().toString()));
        assertThat(run.status()).as(run.body()).isEqualTo(201);
        String runId = run.text("id");
        return Await.until(Duration.ofSeconds(90), () -> organization.get("/api/import-runs/" + runId).json(),
                status -> Set.of("SUCCEEDED", "FAILED", "PAUSED", "CANCELLED").contains(status.get("state").asString()),
                "run " + runId + " to end");
    }

    private static long count(JsonNode run, String field) {
        return run.get("counts").get(field).asLong();
    }

    @Test
    void importsEveryEligibleCallWithTranscriptAndRecordingDespiteVendorFaults() throws Exception {
        GONG.rateLimitEvery(9, Duration.ofSeconds(1));
        GONG.failEvery(7, 503);
        GONG.truncateEvery(25);
        String connection = connect(acme, Map.of());

        JsonNode run = importWindow(acme, connection);

        Set<String> eligible = GONG.eligibleCallIds(false);
        long privateCalls = seeded.stream().filter(SeededCall::isPrivate).count();
        assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(count(run, "listed")).isEqualTo(seeded.size());
        assertThat(count(run, "imported")).isEqualTo(eligible.size());
        assertThat(count(run, "skipped")).isEqualTo(privateCalls);
        assertThat(count(run, "failed")).isZero();
        assertThat(run.get("percentDone").asDouble()).isEqualTo(100.0);
        assertThat(GONG.rateLimitedResponses()).isPositive();
        assertThat(GONG.recordingsTruncated()).isPositive();

        JsonNode calls = acme.get("/api/calls?runId=" + run.get("id").asString() + "&limit=500").json();
        Set<String> importedIds = new HashSet<>();
        for (JsonNode call : calls) {
            importedIds.add(call.get("vendorCallId").asString());
            if (GONG.callsWithRecording().contains(call.get("vendorCallId").asString())) {
                HttpResponse<byte[]> recording = acme.download("/api/calls/" + call.get("id").asString() + "/recording");
                assertThat(recording.statusCode()).isEqualTo(200);
                String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(recording.body()));
                assertThat(sha).isEqualTo(GONG.recordingSha256(call.get("vendorCallId").asString()))
                        .isEqualTo(recording.headers().firstValue("X-Content-SHA256").orElseThrow());
            } else {
                assertThat(call.has("recording")).isFalse();
            }
        }
        assertThat(importedIds).isEqualTo(eligible);

        JsonNode exclusions = acme.get("/api/import-runs/" + run.get("id").asString() + "/exclusions").json();
        assertThat(exclusions).hasSize((int) privateCalls)
                .allSatisfy(exclusion -> assertThat(exclusion.get("reason").asString()).containsIgnoringCase("private"));
    }

    @Test
    void aCallComesBackWithItsParticipantsAndTimedTranscript() {
        String connection = connect(acme, Map.of());
        JsonNode run = importWindow(acme, connection);
        SeededCall transcribed = seeded.stream().filter(call -> !call.isPrivate() && call.hasTranscript()).findFirst().orElseThrow();

        JsonNode listed = acme.get("/api/calls?runId=" + run.get("id").asString() + "&limit=500").json();
        String id = null;
        for (JsonNode call : listed) {
            if (call.get("vendorCallId").asString().equals(transcribed.vendorCallId())) {
                id = call.get("id").asString();
            }
        }
        JsonNode call = acme.get("/api/calls/" + id).json();

        assertThat(call.get("participants")).hasSize(transcribed.participants());
        assertThat(call.get("transcript")).hasSize(transcribed.transcriptSegments());
        JsonNode firstSegment = call.get("transcript").get(0);
        assertThat(firstSegment.get("endMillis").asLong()).isGreaterThan(firstSegment.get("startMillis").asLong());
        assertThat(firstSegment.get("speakerId").asString()).isNotBlank();
        assertThat(call.get("startedAt").asString()).isNotBlank();
        assertThat(call.get("rawMetadataJson").asString()).doesNotContain("sig=");
    }

    @Test
    void withoutATranscriptionServerACallLackingATranscriptWaitsAndSaysWhy() {
        String connection = connect(acme, Map.of());
        importWindow(acme, connection);
        SeededCall untranscribed = seeded.stream().filter(call -> !call.isPrivate() && call.hasRecording() && !call.hasTranscript())
                .findFirst().orElseThrow();

        JsonNode call = null;
        for (JsonNode each : acme.get("/api/calls?connectionId=" + connection + "&limit=500").json()) {
            if (each.get("vendorCallId").asString().equals(untranscribed.vendorCallId())) {
                call = each;
            }
        }

        assertThat(call).isNotNull();
        assertThat(call.get("transcriptStatus").asString()).isEqualTo("AWAITING_TRANSCRIPTION");
        assertThat(call.get("transcriptReason").asString()).contains("no transcript");
    }

    @Test
    void reimportingTheSameWindowDuplicatesNothingAndDownloadsNoRecordingAgain() {
        String connection = connect(acme, Map.of());
        JsonNode first = importWindow(acme, connection);
        long recordingsAfterFirst = GONG.recordingRequests();

        JsonNode second = importWindow(acme, connection);

        assertThat(second.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(count(second, "imported")).isZero();
        assertThat(count(second, "updated")).isZero();
        assertThat(count(second, "unchanged")).isEqualTo(count(first, "imported"));
        assertThat(GONG.recordingRequests()).isEqualTo(recordingsAfterFirst);
        assertThat(acme.get("/api/calls?connectionId=" + connection + "&limit=500").json()).hasSize((int) count(first, "imported"));
    }

    @Test
    void includesPrivateCallsWhenTheConnectionSettingSaysSo() {
        String connection = connect(acme, Map.of("includePrivateCalls", "true"));

        JsonNode run = importWindow(acme, connection);

        assertThat(count(run, "imported")).isEqualTo(seeded.size());
        assertThat(count(run, "skipped")).isZero();
    }

    @Test
    void refusedCredentialsPauseTheRunWithWhatToFixAndItResumesAfterwards() {
        String connection = connect(acme, Map.of());
        ApiClient.Reply created = acme.post("/api/import-runs", json("connectionId", connection,
                "from", WINDOW.from().toString(), "to", WINDOW.to().toString(), "start", false));
        String runId = created.text("id");
        GONG.rejectCredentials(true);

        acme.post("/api/import-runs/" + runId + "/start");
        JsonNode paused = Await.until(Duration.ofSeconds(60), () -> acme.get("/api/import-runs/" + runId).json(),
                status -> status.get("state").asString().equals("PAUSED"), "the run to pause");
        assertThat(paused.get("stateReason").asString()).contains("Gong").contains("access key");
        assertThat(acme.get("/api/connections/" + connection).text("status")).isEqualTo("NEEDS_ATTENTION");

        GONG.rejectCredentials(false);
        acme.post("/api/import-runs/" + runId + "/resume");
        JsonNode done = Await.until(Duration.ofSeconds(60), () -> acme.get("/api/import-runs/" + runId).json(),
                status -> status.get("state").asString().equals("SUCCEEDED"), "the resumed run to finish");
        assertThat(count(done, "imported")).isEqualTo(GONG.eligibleCallIds(false).size());
    }

    @Test
    void anotherOrganizationCannotReachThisOnesRunsCallsOrRecordings() {
        String connection = connect(acme, Map.of());
        JsonNode run = importWindow(acme, connection);
        String runId = run.get("id").asString();
        JsonNode aCall = acme.get("/api/calls?runId=" + runId + "&limit=1").json().get(0);
        ApiClient globex = admin.newOrganization("Globex");

        assertThat(globex.get("/api/import-runs/" + runId).status()).isEqualTo(404);
        assertThat(globex.post("/api/import-runs/" + runId + "/pause").status()).isEqualTo(404);
        assertThat(globex.get("/api/import-runs/" + runId + "/events").status()).isEqualTo(404);
        assertThat(globex.get("/api/import-runs").json()).isEmpty();
        assertThat(globex.get("/api/calls?runId=" + runId).status()).isEqualTo(404);
        assertThat(globex.get("/api/calls?connectionId=" + connection).json()).isEmpty();
        assertThat(globex.get("/api/calls/" + aCall.get("id").asString()).status()).isEqualTo(404);
        assertThat(globex.download("/api/calls/" + aCall.get("id").asString() + "/recording").statusCode()).isEqualTo(404);
    }

    @Test
    void theConnectionTestSaysWhatToFixWhenGongRejectsTheKey() {
        String connection = connect(acme, Map.of());
        GONG.rejectCredentials(true);

        JsonNode result = acme.post("/api/connections/" + connection + "/test").json();

        assertThat(result.get("ok").asBoolean()).isFalse();
        assertThat(result.get("problem").asString()).contains("access key").doesNotContain(GongSimulator.ACCESS_KEY_SECRET);
        assertThat(result.get("status").asString()).isEqualTo("NEEDS_ATTENTION");
    }

    @Test
    void thePreviewCountsTheCallsAtGong() {
        String connection = connect(acme, Map.of());

        JsonNode preview = acme.post("/api/connections/" + connection + "/preview",
                json("from", WINDOW.from().toString(), "to", WINDOW.to().toString())).json();

        assertThat(preview.get("calls").asLong()).isEqualTo(seeded.size());
        assertThat(preview.get("exactCount").asBoolean()).isTrue();
        // 240 calls, the first 1,000 of an organization free
        assertThat(preview.get("quote").get("total").get("amount").asString()).isEqualTo("0.00");
        assertThat(preview.get("quote").get("lineItems").get(0).get("calls").asLong()).isEqualTo(seeded.size());
        assertThat(preview.get("quote").get("notBilled").toString()).contains("private");
        assertThat(preview.get("timeline").get("band").asString()).isEqualTo("same day");
        assertThat(preview.get("timeline").get("vendorRequests").asLong()).isPositive();
        assertThat(preview.get("limits").toString()).contains("private");
    }

    @Test
    void thePreviewPricesCallsBeyondTheFreeAllowance() {
        GONG.reset();
        GONG.seed(1_247, WINDOW, CallMix.TYPICAL, 11);
        String connection = connect(acme, Map.of());

        JsonNode preview = acme.post("/api/connections/" + connection + "/preview",
                json("from", WINDOW.from().toString(), "to", WINDOW.to().toString())).json();

        // the PRD's example: 1,247 calls, the first 1,000 free, $0.10 a call after
        assertThat(preview.get("quote").get("total").get("amount").asString()).isEqualTo("24.70");
        assertThat(preview.get("quote").get("billableCalls").asLong()).isEqualTo(247);
    }
}
