package com.callimport.webhooks;

import static com.callimport.testfixtures.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connector.testkit.SeededCall;
import com.callimport.connectors.ringcentral.RingCentralSimulator;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.Await;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Many calls ending at once on a dialer, under RingCentral's Heavy group of 10 requests a minute: the calls are seen at
 * once, their recordings follow as the budget allows.
 */
@EngineIntegrationTest
@TestPropertySource(properties = "callimport.test.database=webhookburst")
class RingCentralNotificationBurstIntegrationTest {
    private static final RingCentralSimulator RINGCENTRAL = RingCentralSimulator.start();
    private static final int PORT = freePort();
    private static final String CALL_LOG = "/restapi/v1.0/account/~/call-log";

    @DynamicPropertySource
    static void ringCentral(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("callimport.webhooks.public-url", () -> "http://127.0.0.1:" + PORT);
        // generous, so that every notice of the burst is in the inbox before the one fetch starts
        registry.add("callimport.webhooks.fetch-batch-window", () -> "2s");
        registry.add("callimport.oauth.clients.ringcentral.client-id", () -> RingCentralSimulator.CLIENT_ID);
        registry.add("callimport.oauth.clients.ringcentral.client-secret", () -> RingCentralSimulator.CLIENT_SECRET);
        registry.add("callimport.oauth.clients.ringcentral.token-uri", () -> RINGCENTRAL.tokenUri().toString());
        registry.add("callimport.platforms.ringcentral.base-url", () -> RINGCENTRAL.baseUrl().toString());
    }

    @Autowired
    JdbcClient jdbc;

    @Test
    void tenCallsEndingTogetherAreReadWithOneCallLogRequestAndVisibleBeforeAnyRecordingIsDownloaded() throws Exception {
        RINGCENTRAL.reset();
        RINGCENTRAL.enforceThrottlingGroups(true);
        ApiClient customer = ApiClient.at(PORT, "test-bootstrap-token").newOrganization("Busy Dialer Co");
        String connection = customer.post("/api/connections", json("platform", "ringcentral",
                "credentials", Map.of("jwt", RINGCENTRAL.jwtCredential()))).text("id");
        ApiClient.Reply on = customer.put("/api/connections/" + connection + "/sync", json("frequency", "NEAR_REAL_TIME"));
        assertThat(on.status()).as(on.body()).isEqualTo(200);

        List<SeededCall> burst = IntStream.range(0, 10).mapToObj(i -> RINGCENTRAL.placeCall(Duration.ofMinutes(2 + i), true)).toList();
        RINGCENTRAL.awaitDeliveries(10, Duration.ofSeconds(20));

        JsonNode stored = Await.until(Duration.ofSeconds(30), () -> customer.get("/api/calls?connectionId=" + connection).json(),
                calls -> calls.size() == burst.size(), "the burst's calls to be stored");
        Instant lastStored = jdbc.sql("SELECT max(imported_at) FROM calls WHERE connection_id = ?")
                .param(UUID.fromString(connection)).query(Timestamp.class).single().toInstant();
        assertThat(RINGCENTRAL.requestsTo(CALL_LOG)).as("one call-log read for the whole burst").isEqualTo(1);
        assertThat(RINGCENTRAL.firstRecordingServedAt().orElse(Instant.MAX)).as("no recording was downloaded before every call was stored")
                .isAfterOrEqualTo(lastStored);
        assertThat(stored.valueStream().map(call -> call.get("vendorCallId").asString()))
                .containsExactlyInAnyOrderElementsOf(burst.stream().map(SeededCall::vendorCallId).toList());

        JsonNode withRecordings = Await.until(Duration.ofSeconds(90),
                () -> customer.get("/api/calls?connectionId=" + connection).json(),
                calls -> calls.valueStream().allMatch(call -> call.get("recordingStatus").asString().equals("STORED")),
                "every recording to follow within the Heavy budget");
        assertThat(withRecordings.toString()).contains(RINGCENTRAL.recordingSha256(burst.getLast().vendorCallId()));
        assertThat(RINGCENTRAL.rateLimitedResponses()).as("the budget was kept, not discovered by 429s").isZero();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
