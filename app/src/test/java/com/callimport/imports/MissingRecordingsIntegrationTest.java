package com.callimport.imports;

import static com.callimport.testfixtures.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connector.testkit.SeededCall;
import com.callimport.connectors.fathom.FathomCredentialsFixture;
import com.callimport.connectors.fathom.FathomSimulator;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.Await;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** A call whose recording cannot be fetched is stored all the same, and its recording is fetched later. */
@EngineIntegrationTest
@TestPropertySource(properties = {"callimport.test.database=missing_recordings", "callimport.recordings.retry-delay=0s"})
class MissingRecordingsIntegrationTest {
    private static final FathomSimulator FATHOM = FathomSimulator.start();
    private static final DateWindow WINDOW = new DateWindow(Instant.parse("2026-05-04T00:00:00Z"), Instant.parse("2026-05-05T00:00:00Z"));

    @DynamicPropertySource
    static void fathom(DynamicPropertyRegistry registry) {
        registry.add("callimport.platforms.fathom.base-url", () -> FATHOM.baseUrl().toString());
        registry.add("callimport.rate-budgets", () -> "false");
    }

    @AfterAll
    static void stop() {
        FATHOM.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    MissingRecordings missingRecordings;

    @Test
    void storesACallWhoseRecordingStorageRefusesWithItsTranscriptAndAttachesTheRecordingOnALaterAttempt() throws Exception {
        FATHOM.reset();
        List<SeededCall> seeded = FATHOM.seed(6, WINDOW, CallMix.COMPLETE, 5);
        FATHOM.refuseMediaDownloads(true);
        ApiClient acme = ApiClient.at(port, "test-bootstrap-token").newOrganization("Acme Missing Recordings");
        ApiClient.Reply connection = acme.post("/api/connections", json("platform", "fathom",
                "credentials", FathomCredentialsFixture.acceptedValues()));
        assertThat(connection.status()).as(connection.body()).isEqualTo(201);

        ApiClient.Reply started = acme.post("/api/import-runs", json("connectionId", connection.text("id"),
                "from", WINDOW.from().toString(), "to", WINDOW.to().toString()));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        String runId = started.text("id");
        JsonNode run = Await.until(Duration.ofSeconds(60), () -> acme.get("/api/import-runs/" + runId).json(),
                status -> Set.of("SUCCEEDED", "FAILED", "PAUSED", "CANCELLED").contains(status.get("state").asString()),
                "run " + runId + " to end");

        assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("counts").get("imported").asLong()).isEqualTo(seeded.size());
        assertThat(run.get("counts").get("failed").asLong()).isZero();
        JsonNode calls = acme.get("/api/calls?runId=" + runId).json();
        assertThat(calls.size()).isEqualTo(seeded.size());
        for (JsonNode listed : calls) {
            JsonNode call = acme.get("/api/calls/" + listed.get("id").asString()).json();
            assertThat(call.get("transcript").size()).as("the transcript came with the call").isPositive();
            assertThat(call.get("participants").size()).isPositive();
            assertThat(call.get("recordingStatus").asString()).isEqualTo("MISSING");
            assertThat(call.get("recordingReason").asString()).contains("storage refused");
            assertThat(acme.download("/api/calls/" + listed.get("id").asString() + "/recording").statusCode()).isEqualTo(404);
        }

        FATHOM.refuseMediaDownloads(false);
        assertThat(missingRecordings.fetchDue()).isEqualTo(seeded.size());

        for (JsonNode listed : calls) {
            String id = listed.get("id").asString();
            JsonNode call = acme.get("/api/calls/" + id).json();
            assertThat(call.get("recordingStatus").asString()).isEqualTo("STORED");
            assertThat(call.has("recordingReason") && !call.get("recordingReason").isNull()).isFalse();
            HttpResponse<byte[]> recording = acme.download("/api/calls/" + id + "/recording");
            assertThat(recording.statusCode()).isEqualTo(200);
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(recording.body())))
                    .isEqualTo(FATHOM.recordingSha256(call.get("vendorCallId").asString()));
        }
        assertThat(missingRecordings.fetchDue()).as("nothing is left to fetch").isZero();
    }
}
