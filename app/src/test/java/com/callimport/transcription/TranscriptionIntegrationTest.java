package com.callimport.transcription;

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
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

@EngineIntegrationTest
// its own database: this service's jobs need settings only it has, so they must not reach the others' workers
@org.springframework.test.context.TestPropertySource(properties = "callimport.test.database=transcription")
class TranscriptionIntegrationTest {
    private static final AtomicInteger TRANSCRIPTIONS = new AtomicInteger();
    private static final HttpServer WHISPER = whisper();
    private static final GongSimulator GONG = GongSimulator.start();

    /** An OpenAI-compatible transcription server: checks the upload and answers verbose_json with two segments. */
    private static HttpServer whisper() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.createContext("/v1/audio/transcriptions", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1);
                boolean wellFormed = exchange.getRequestHeaders().getFirst("Content-Type").startsWith("multipart/form-data")
                        && "Bearer whisper-key".equals(exchange.getRequestHeaders().getFirst("Authorization"))
                        && body.contains("name=\"file\"") && body.contains("verbose_json") && body.contains("whisper-1");
                byte[] answer = (wellFormed
                        ? "{\"text\":\"Hello there. Thanks for calling.\",\"segments\":[{\"start\":0.0,\"end\":1.5,\"text\":\" Hello there.\"},"
                          + "{\"start\":1.5,\"end\":3.25,\"text\":\" Thanks for calling.\"}]}"
                        : "{\"error\":{\"message\":\"bad upload\"}}").getBytes(StandardCharsets.UTF_8);
                TRANSCRIPTIONS.incrementAndGet();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(wellFormed ? 200 : 400, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void transcriptionServer(DynamicPropertyRegistry registry) {
        registry.add("callimport.transcription.url", () -> "http://127.0.0.1:" + WHISPER.getAddress().getPort());
        registry.add("callimport.transcription.api-key", () -> "whisper-key");
        registry.add("callimport.transcription.poll-interval", () -> "5s");
        registry.add("callimport.platforms.gong.base-url", () -> GONG.baseUrl().toString());
    }

    @AfterAll
    static void stop() {
        GONG.close();
    }

    @LocalServerPort
    int port;
    @org.springframework.beans.factory.annotation.Autowired
    TranscriptionQueue queue;

    @Test
    void callsWithoutAVendorTranscriptAreTranscribedAndTheVendorsAreReusedEachWithItsReason() {
        DateWindow window = new DateWindow(Instant.parse("2026-04-01T00:00:00Z"), Instant.parse("2026-04-02T00:00:00Z"));
        var seeded = GONG.seed(40, window, new CallMix(0, 0.1, 0.25), 3);
        ApiClient customer = ApiClient.at(port, "test-bootstrap-token").newOrganization("Whisper Co");
        String connection = customer.post("/api/connections", json("platform", "gong", "credentials",
                GongCredentialsFixture.acceptedValues())).text("id");
        customer.post("/api/import-runs", json("connectionId", connection, "from", window.from().toString(), "to", window.to().toString()));
        Set<String> needTranscription = seeded.stream().filter(call -> call.hasRecording() && !call.hasTranscript())
                .map(SeededCall::vendorCallId).collect(Collectors.toSet());
        assertThat(needTranscription).isNotEmpty();

        Await.until(Duration.ofSeconds(60), () -> customer.get("/api/calls?connectionId=" + connection + "&limit=500").json(),
                listed -> listed.size() == seeded.size(), "the import to store every call");
        // what the recurring job does every poll interval, run here at once
        queue.drain();
        queue.drain();
        JsonNode calls = customer.get("/api/calls?connectionId=" + connection + "&limit=500").json();
        assertThat(countWithStatus(calls, "TRANSCRIBED")).isEqualTo(needTranscription.size());

        for (JsonNode call : calls) {
            String id = call.get("vendorCallId").asString();
            if (needTranscription.contains(id)) {
                assertThat(call.get("transcriptStatus").asString()).isEqualTo("TRANSCRIBED");
                assertThat(call.get("transcriptReason").asString()).contains("transcribed by us");
                assertThat(call.get("transcript").get(1).get("startMillis").asLong()).isEqualTo(1500);
                assertThat(call.get("transcript").get(1).get("endMillis").asLong()).isEqualTo(3250);
                assertThat(call.get("transcript").get(1).get("text").asString()).isEqualTo("Thanks for calling.");
            } else if (call.has("recording")) {
                assertThat(call.get("transcriptStatus").asString()).isEqualTo("SOURCE");
                assertThat(call.get("transcriptReason").asString()).contains("reused");
            } else {
                assertThat(call.get("transcriptStatus").asString()).isEqualTo("NONE");
            }
        }
        assertThat(TRANSCRIPTIONS.get()).isGreaterThanOrEqualTo(needTranscription.size());
    }

    private static long countWithStatus(JsonNode calls, String status) {
        long count = 0;
        for (JsonNode call : calls) {
            if (call.get("transcriptStatus").asString().equals(status)) {
                count++;
            }
        }
        return count;
    }
}
