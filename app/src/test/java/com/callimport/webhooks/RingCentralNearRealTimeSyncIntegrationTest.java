package com.callimport.webhooks;

import static com.callimport.testfixtures.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connector.testkit.SeededCall;
import com.callimport.connectors.ringcentral.RingCentralSimulator;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.Await;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** A dialer whose calls arrive seconds after they end: RingCentral's webhook subscription and what arrives at it. */
@EngineIntegrationTest
@TestPropertySource(properties = "callimport.test.database=webhooks")
@ExtendWith(OutputCaptureExtension.class)
class RingCentralNearRealTimeSyncIntegrationTest {
    private static final RingCentralSimulator RINGCENTRAL = RingCentralSimulator.start();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    // the address vendors reach us at must be known before the service starts, so the port is chosen here
    private static final int PORT = freePort();

    @DynamicPropertySource
    static void ringCentral(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("callimport.webhooks.public-url", () -> "http://127.0.0.1:" + PORT);
        registry.add("callimport.webhooks.fetch-retry-delays", () -> "500ms,1s,2s");
        registry.add("callimport.oauth.clients.ringcentral.client-id", () -> RingCentralSimulator.CLIENT_ID);
        registry.add("callimport.oauth.clients.ringcentral.client-secret", () -> RingCentralSimulator.CLIENT_SECRET);
        registry.add("callimport.oauth.clients.ringcentral.token-uri", () -> RINGCENTRAL.tokenUri().toString());
        registry.add("callimport.platforms.ringcentral.base-url", () -> RINGCENTRAL.baseUrl().toString());
        // the subject is notification handling; the Heavy group's 10 a minute is the backfill benchmark's
        registry.add("callimport.rate-budgets", () -> "false");
    }

    @Autowired
    WebhookSubscriptions subscriptions;
    @Autowired
    NotificationFetches fetches;
    @Autowired
    JdbcClient jdbc;

    ApiClient customer;
    String connection;

    @BeforeEach
    void setUp() {
        RINGCENTRAL.reset();
        Instant now = Instant.now();
        RINGCENTRAL.seed(5, new DateWindow(now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1))), CallMix.TYPICAL, 3);
        customer = ApiClient.at(PORT, "test-bootstrap-token").newOrganization("Live Dialer Co");
        connection = customer.post("/api/connections", json("platform", "ringcentral",
                "credentials", Map.of("jwt", RINGCENTRAL.jwtCredential()))).text("id");
    }

    private JsonNode turnOnNearRealTime() {
        ApiClient.Reply reply = customer.put("/api/connections/" + connection + "/sync", json("frequency", "NEAR_REAL_TIME"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private long storedCalls() {
        return customer.get("/api/calls?connectionId=" + connection).json().size();
    }

    private JsonNode awaitStored(SeededCall call) {
        JsonNode calls = Await.until(Duration.ofSeconds(20), () -> customer.get("/api/calls?connectionId=" + connection).json(),
                stored -> stored.valueStream().anyMatch(one -> one.get("vendorCallId").asString().equals(call.vendorCallId())),
                "call " + call.vendorCallId() + " to be stored");
        return calls.valueStream().filter(one -> one.get("vendorCallId").asString().equals(call.vendorCallId())).findFirst().orElseThrow();
    }

    private HttpResponse<String> post(URI address, Map<String, List<String>> headers, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(address).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach((name, values) -> {
            if (!name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("connection")) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private RingCentralSimulator.SubscriptionView onlySubscription() {
        assertThat(RINGCENTRAL.subscriptions()).hasSize(1);
        return RINGCENTRAL.subscriptions().getFirst();
    }

    /** As if the subscription had been granted {@code ago}: maintenance judges renewal by the granted life left. */
    private void grantedAgo(Duration ago) {
        jdbc.sql("UPDATE webhook_subscriptions SET granted_at = granted_at - make_interval(secs => ?), "
                        + "expires_at = expires_at - make_interval(secs => ?) WHERE connection_id = ?")
                .params(ago.toSeconds(), ago.toSeconds(), UUID.fromString(connection)).update();
    }

    @Test
    void turningOnNearRealTimeSubscribesAfterAnsweringTheVendorsHandshake() {
        JsonNode status = turnOnNearRealTime();

        RingCentralSimulator.SubscriptionView subscription = onlySubscription();
        assertThat(subscription.status()).isEqualTo("Active");
        assertThat(subscription.address().toString()).startsWith("http://127.0.0.1:" + PORT + "/webhooks/");
        assertThat(status.get("frequency").asString()).isEqualTo("NEAR_REAL_TIME");
        assertThat(status.get("webhook").get("state").asString()).isEqualTo("ACTIVE");
        assertThat(Instant.parse(status.get("webhook").get("subscribedUntil").asString())).isAfter(Instant.now().plus(Duration.ofDays(6)));
        assertThat(status.get("nextSyncAt").isNull()).as("the hourly safety-net pass stays scheduled").isFalse();
    }

    @Test
    void aCallIsStoredSecondsAfterItEndsWithoutWaitingForAPass() {
        turnOnNearRealTime();

        SeededCall call = RINGCENTRAL.placeCall(Duration.ofMinutes(3), true);

        awaitStored(call);
        // the call is stored first, its recording follows as soon as the request budget allows
        JsonNode stored = Await.until(Duration.ofSeconds(20), () -> awaitStored(call),
                one -> one.get("recordingStatus").asString().equals("STORED"), "the recording to follow the call");
        assertThat(stored.toString()).contains(RINGCENTRAL.recordingSha256(call.vendorCallId()));
        assertThat(customer.get("/api/import-runs").json()).as("no pass ran").isEmpty();
        assertThat(RINGCENTRAL.deliveries()).singleElement().extracting(RingCentralSimulator.Delivery::status).isEqualTo(200);
    }

    @Test
    void aForgedNotificationIsRefusedStoresNothingAndIsLoggedAsASecurityEvent(CapturedOutput output) throws Exception {
        turnOnNearRealTime();
        SeededCall call = RINGCENTRAL.placeCall(Duration.ofMinutes(1), false);
        awaitStored(call);
        RingCentralSimulator.Delivery genuine = RINGCENTRAL.deliveries().getFirst();
        long callLogReads = RINGCENTRAL.requestsTo("/restapi/v1.0/account/~/call-log");
        String forgedBody = genuine.body().replace(genuine.uuid(), UUID.randomUUID().toString());

        HttpResponse<String> wrongToken = post(onlySubscription().address(),
                Map.of("Content-Type", List.of("application/json"), "Verification-Token", List.of("guessed")), forgedBody);
        HttpResponse<String> noToken = post(onlySubscription().address(), Map.of("Content-Type", List.of("application/json")), forgedBody);

        assertThat(wrongToken.statusCode()).isEqualTo(401);
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(jdbc.sql("SELECT count(*) FROM webhook_deliveries WHERE connection_id = ?").param(UUID.fromString(connection))
                .query(Long.class).single()).isEqualTo(1);
        assertThat(RINGCENTRAL.requestsTo("/restapi/v1.0/account/~/call-log")).as("nothing fetched").isEqualTo(callLogReads);
        assertThat(output).contains("Forged webhook notification refused").doesNotContain("guessed");
    }

    @Test
    void aReplayedNotificationFetchesAndStoresNothingMore(CapturedOutput output) throws Exception {
        turnOnNearRealTime();
        SeededCall call = RINGCENTRAL.placeCall(Duration.ofMinutes(1), true);
        awaitStored(call);
        RingCentralSimulator.Delivery genuine = RINGCENTRAL.deliveries().getFirst();
        long callLogReads = RINGCENTRAL.requestsTo("/restapi/v1.0/account/~/call-log");

        HttpResponse<String> replay = post(onlySubscription().address(), genuine.headers(), genuine.body());
        String hoursOld = genuine.body().replace(genuine.uuid(), UUID.randomUUID().toString())
                .replaceFirst("\"timestamp\"\\s*:\\s*\"[^\"]+\"", "\"timestamp\":\"" + Instant.now().minus(Duration.ofHours(3)) + "\"");
        HttpResponse<String> stale = post(onlySubscription().address(), genuine.headers(), hoursOld);

        assertThat(replay.statusCode()).as("a vendor's redelivery is acknowledged").isEqualTo(200);
        assertThat(stale.statusCode()).isEqualTo(401);
        Thread.sleep(300); // a fetch, had one been started, would have reached the simulator by now
        assertThat(RINGCENTRAL.requestsTo("/restapi/v1.0/account/~/call-log")).isEqualTo(callLogReads);
        assertThat(storedCalls()).isEqualTo(1);
        assertThat(output).contains("Repeated webhook delivery").contains("Replayed webhook notification refused");
    }

    @Test
    void aCallTheCallLogShowsLateIsAskedForAgainUntilItIsThere() {
        turnOnNearRealTime();
        RINGCENTRAL.delayCallLog(Duration.ofMillis(1_500));

        SeededCall call = RINGCENTRAL.placeCall(Duration.ofMinutes(2), true);

        awaitStored(call);
        assertThat(jdbc.sql("SELECT attempts FROM webhook_deliveries WHERE connection_id = ?").param(UUID.fromString(connection))
                .query(Integer.class).single()).isGreaterThan(1);
        assertThat(storedCalls()).isEqualTo(1);
    }

    @Test
    void aNotificationWhoseInstanceDiedBeforeFetchingIsTakenOverByTheSweep() {
        turnOnNearRealTime();
        RINGCENTRAL.subscriptions().forEach(subscription -> RINGCENTRAL.dropSubscription(subscription.id()));
        SeededCall call = RINGCENTRAL.placeCall(Duration.ofMinutes(4), true);
        // what an instance killed right after accepting the notification leaves behind: the delivery, claimed, never finished
        jdbc.sql("""
                INSERT INTO webhook_deliveries (connection_id, delivery_id, organization_id, affected_calls, sent_at, received_at, state,
                    attempts, due_at, claimed_until)
                SELECT id, 'delivery-of-a-dead-instance', organization_id, ARRAY[?], now(), now(), 'PENDING', 1, now(),
                    now() - interval '1 second'
                FROM connections WHERE id = ?""")
                .params(RINGCENTRAL.telephonySessionId(call.vendorCallId()), UUID.fromString(connection))
                .update();

        fetches.sweep();

        awaitStored(call);
        assertThat(jdbc.sql("SELECT state FROM webhook_deliveries WHERE delivery_id = 'delivery-of-a-dead-instance'")
                .query(String.class).single()).isEqualTo("DONE");
    }

    @Test
    void aSubscriptionIsRenewedOnceAThirdOfItsLifeIsLeft() throws Exception {
        turnOnNearRealTime();
        subscriptions.maintain();
        assertThat(onlySubscription().renewals()).as("not yet due").isZero();

        grantedAgo(Duration.ofDays(5));
        subscriptions.maintain();

        assertThat(onlySubscription().renewals()).isEqualTo(1);
        JsonNode webhook = customer.get("/api/connections/" + connection + "/sync").json().get("webhook");
        assertThat(Instant.parse(webhook.get("subscribedUntil").asString())).isAfter(Instant.now().plus(Duration.ofDays(6)));
    }

    @Test
    void aSubscriptionTheVendorDroppedIsRecreatedAndItsOldAddressGoesDead() throws Exception {
        turnOnNearRealTime();
        RingCentralSimulator.SubscriptionView lost = onlySubscription();
        RINGCENTRAL.dropSubscription(lost.id());
        grantedAgo(Duration.ofDays(5));

        subscriptions.maintain();

        RingCentralSimulator.SubscriptionView replacement = onlySubscription();
        assertThat(replacement.id()).isNotEqualTo(lost.id());
        assertThat(replacement.address()).isNotEqualTo(lost.address());
        assertThat(post(lost.address(), Map.of(), "{}").statusCode()).isEqualTo(404);
        awaitStored(RINGCENTRAL.placeCall(Duration.ofMinutes(1), false));
    }

    @Test
    void aBlacklistedSubscriptionIsReplaced() throws Exception {
        turnOnNearRealTime();
        RingCentralSimulator.SubscriptionView blacklisted = onlySubscription();
        RINGCENTRAL.blacklistSubscription(blacklisted.id());
        grantedAgo(Duration.ofDays(5));

        subscriptions.maintain();

        assertThat(RINGCENTRAL.subscriptions()).filteredOn(subscription -> subscription.status().equals("Active"))
                .singleElement().satisfies(active -> assertThat(active.id()).isNotEqualTo(blacklisted.id()));
        awaitStored(RINGCENTRAL.placeCall(Duration.ofMinutes(1), false));
    }

    @Test
    void aSubscriptionTheVendorRefusesShowsAsFailingWithWhatToDoAndIsRetried() throws Exception {
        RINGCENTRAL.withholdPermission(RingCentralSimulator.CALL_CONTROL_PERMISSION);

        JsonNode status = turnOnNearRealTime();

        assertThat(status.get("state").asString()).isEqualTo("FAILING");
        assertThat(status.get("webhook").get("state").asString()).isEqualTo("FAILING");
        assertThat(status.get("lastError").asString()).contains("CallControl");
        assertThat(status.get("remediation").asString()).contains("hourly pass");
        assertThat(RINGCENTRAL.subscriptions()).isEmpty();

        RINGCENTRAL.restorePermission(RingCentralSimulator.CALL_CONTROL_PERMISSION);
        subscriptions.maintain();

        assertThat(customer.get("/api/connections/" + connection + "/sync").json().get("state").asString()).isEqualTo("ACTIVE");
        assertThat(onlySubscription().status()).isEqualTo("Active");
    }

    @Test
    void choosingHourlyEndsTheSubscriptionAtTheVendor() {
        turnOnNearRealTime();

        JsonNode status = customer.put("/api/connections/" + connection + "/sync", json("frequency", "HOURLY")).json();

        assertThat(RINGCENTRAL.subscriptions()).isEmpty();
        assertThat(status.path("webhook").isMissingNode() || status.path("webhook").isNull()).as(status.toString()).isTrue();
    }

    @Test
    void deletingTheConnectionEndsItsSubscription() {
        turnOnNearRealTime();

        assertThat(customer.delete("/api/connections/" + connection).status()).isEqualTo(204);

        assertThat(RINGCENTRAL.subscriptions()).isEmpty();
    }

    @Test
    void oneOrganizationCannotReadAnothersNotifiedCalls() {
        turnOnNearRealTime();
        JsonNode stored = awaitStored(RINGCENTRAL.placeCall(Duration.ofMinutes(1), false));

        ApiClient other = ApiClient.at(PORT, "test-bootstrap-token").newOrganization("Other Co");

        assertThat(other.get("/api/calls?connectionId=" + connection).json()).as("scoped to the asking organization").isEmpty();
        assertThat(other.get("/api/calls/" + stored.get("id").asString()).status()).isEqualTo(404);
        assertThat(other.get("/api/connections/" + connection + "/sync").status()).isEqualTo(404);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
