package com.callimport.connectors.ringcentral;

import com.callimport.connector.CallPage;
import com.callimport.connector.CallSource;
import com.callimport.connector.Checkpoint;
import com.callimport.connector.DateWindow;
import com.callimport.connector.RecordingContent;
import com.callimport.connector.Secret;
import com.callimport.connector.SourceCall;
import com.callimport.connector.WebhookSubscription;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connector.testkit.CountingPermits;
import com.callimport.connector.testkit.ManualClock;
import com.callimport.connector.testkit.RecordedExchange;
import com.callimport.connector.testkit.SeededCall;
import com.callimport.connector.testkit.VendorSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The connector's requests and the simulator's answers, checked against RingCentral's own OpenAPI document. */
class RingCentralSpecConformanceIntegrationTest {
    private static final DateWindow WINDOW =
            new DateWindow(Instant.parse("2026-05-04T00:00:00Z"), Instant.parse("2026-05-05T00:00:00Z"));
    private static final ManualClock CLOCK = new ManualClock(WINDOW.to().plus(Duration.ofHours(1)));
    private static final String TELEPHONY_SESSIONS_EVENT = "AccountTelephonySessionsEvent";
    private static VendorSpecification ringCentralSpec;
    private static RingCentralSimulator ringCentral;

    @BeforeAll
    static void load() {
        ringCentralSpec = VendorSpecification.loadMergingCombinedSchemas("ringcentral/rc-public-openapi.yml");
        ringCentral = RingCentralSimulator.start(CLOCK);
    }

    @AfterAll
    static void stop() {
        ringCentral.close();
    }

    @Test
    void requestsAndAnswersOfAFullImportConformToRingCentralsSpec() throws Exception {
        ringCentral.reset();
        ringCentral.usePageSize(10);
        ringCentral.seed(25, WINDOW, CallMix.TYPICAL, 7);
        ringCentral.recordExchanges(true);
        try (CallSource source = new RingCentralConnector().open(RingCentralCredentialsFixture.context(
                ringCentral, RingCentralCredentialsFixture.accepted(), new CountingPermits(), CLOCK))) {
            source.verifyAccess();
            source.countCalls(WINDOW);
            source.countCalls(new DateWindow(WINDOW.from().minus(Duration.ofDays(9)), WINDOW.from().minus(Duration.ofDays(8))));
            Optional<Checkpoint> position = Optional.of(Checkpoint.START);
            SourceCall recorded = null;
            while (position.isPresent()) {
                CallPage page = source.fetchPage(WINDOW, position.get());
                recorded = page.calls().stream().filter(call -> call.recording().isPresent()).findFirst().orElse(recorded);
                position = page.next();
            }
            try (RecordingContent content = source.openRecording(recorded)) {
                content.stream().readAllBytes();
            }
            ringCentral.withholdPermission("ReadCallLog");
            catchThrowable(() -> source.fetchPage(WINDOW, Checkpoint.START));
        }
        List<RecordedExchange> exchanges = ringCentral.exchanges();
        assertThat(exchanges).extracting(RecordedExchange::status).contains(200, 403);
        assertThat(exchanges).extracting(RecordedExchange::path)
                .contains(RingCentralClient.CALL_LOG_PATH, RingCentralClient.EXTENSION_PATH);
        assertThat(exchanges).anySatisfy(exchange -> assertThat(exchange.path()).endsWith("/content"));
        ringCentralSpec.assertConforms(exchanges);
    }

    @Test
    void subscriptionRequestsAndAnswersConformToRingCentralsSpec() throws Exception {
        ringCentral.reset();
        ringCentral.recordExchanges(true);
        Duration week = Duration.ofDays(7);
        try (RingCentralWebhooksIntegrationTest.OurEndpoint endpoint = new RingCentralWebhooksIntegrationTest.OurEndpoint(
                new RingCentralConnector().webhooks().orElseThrow());
             CallSource source = new RingCentralConnector().open(RingCentralCredentialsFixture.context(
                     ringCentral, RingCentralCredentialsFixture.accepted(), new CountingPermits(), CLOCK))) {
            WebhookSubscription kept = source.subscribe(endpoint.address(), Secret.of("token-1"), week);
            WebhookSubscription blacklisted = source.subscribe(endpoint.address(), Secret.of("token-2"), week);
            catchThrowable(() -> source.subscribe(endpoint.address().resolve("/elsewhere"), Secret.of("token-3"), week));
            source.renew(kept.id(), week);
            ringCentral.blacklistSubscription(blacklisted.id());
            source.renew(blacklisted.id(), week);
            source.renew("0000000000000000", week);
            SeededCall placed = ringCentral.placeCall(Duration.ofMinutes(3), true);
            ringCentral.notifySession("s-not-in-the-call-log", "Proceeding");
            source.fetchCalls(List.of(ringCentral.telephonySessionId(placed.vendorCallId())));
            source.unsubscribe(kept.id());
            source.unsubscribe(kept.id());
            ringCentral.withholdPermission(RingCentralSimulator.CALL_CONTROL_PERMISSION);
            catchThrowable(() -> source.subscribe(endpoint.address(), Secret.of("token-4"), week));
        }
        List<RecordedExchange> exchanges = ringCentral.exchanges();
        assertThat(exchanges).extracting(RecordedExchange::status).contains(200, 204, 400, 403, 404);
        assertThat(exchanges).anySatisfy(exchange -> assertThat(exchange.responseBody()).contains("\"Blacklisted\"", "blacklistedData"));
        assertThat(exchanges).anySatisfy(exchange -> assertThat(exchange.query()).containsKey("telephonySessionId"));
        ringCentralSpec.assertConforms(exchanges);
        List<RingCentralSimulator.Delivery> deliveries = ringCentral.awaitDeliveries(2, Duration.ofSeconds(10));
        assertThat(deliveries).allSatisfy(delivery ->
                assertThat(ringCentralSpec.schemaViolations(TELEPHONY_SESSIONS_EVENT, delivery.body())).isEmpty());
    }

    @Test
    void catchesASubscriptionIdLongerThanRingCentralAllows() {
        // RingCentral's examples show 36-character UUIDs, but its path parameter allows 20 characters: the simulator keeps to 20
        RecordedExchange renew = new RecordedExchange("POST", "/restapi/v1.0/subscription/dd2f0ff2-580e-4581-a277-76f9c9a54bc9/renew",
                Map.of(), Map.of("authorization", List.of("Bearer x")), "", 404,
                Map.of("content-type", List.of("application/json")),
                "{\"errors\":[{\"errorCode\":\"CMN-102\",\"message\":\"Resource for parameter [subscriptionId] is not found\"}]}");
        assertThat(ringCentralSpec.violations(renew)).anySatisfy(violation -> assertThat(violation).contains("maxLength"));
    }

    @Test
    void catchesANotificationWithACallStatusRingCentralDoesNotKnow() {
        String notification = """
                {"uuid":"u-1","event":"/restapi/v1.0/account/37439510/telephony/sessions","timestamp":"2026-05-05T10:15:30.123Z",
                 "body":{"sequence":1,"telephonySessionId":"s-1","parties":[{"direction":"Outbound","status":{"code":"Ended"}}]}}""";
        assertThat(ringCentralSpec.schemaViolations(TELEPHONY_SESSIONS_EVENT, notification))
                .anySatisfy(violation -> assertThat(violation).contains("Ended"));
    }

    @Test
    void catchesAPageSizeAboveRingCentralsMaximum() {
        RecordedExchange tooLarge = new RecordedExchange("GET", RingCentralClient.CALL_LOG_PATH,
                Map.of("perPage", List.of("5000"), "view", List.of("Detailed")),
                Map.of("authorization", List.of("Bearer x")), "", 200,
                Map.of("content-type", List.of("application/json")),
                "{\"records\":[],\"navigation\":{},\"paging\":{\"perPage\":1000}}");
        assertThat(ringCentralSpec.violations(tooLarge)).anySatisfy(violation -> assertThat(violation).contains("perPage"));
    }
}
