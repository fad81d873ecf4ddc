package com.callimport.connectors.ringcentral;

import com.callimport.connector.CallPage;
import com.callimport.connector.CallSource;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.DateWindow;
import com.callimport.connector.InboundRequest;
import com.callimport.connector.InboundWebhook;
import com.callimport.connector.RequestPermits;
import com.callimport.connector.Secret;
import com.callimport.connector.SourceCall;
import com.callimport.connector.WebhookSubscription;
import com.callimport.connector.Webhooks;
import com.callimport.connector.testkit.CountingPermits;
import com.callimport.connector.testkit.ManualClock;
import com.callimport.connector.testkit.RecordedExchange;
import com.callimport.connector.testkit.SeededCall;
import com.callimport.connectors.ringcentral.RingCentralCallSourceIntegrationTest.GroupPermits;
import com.callimport.connectors.ringcentral.RingCentralSimulator.Delivery;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The connector's webhook requests against the simulator, with a small HTTP endpoint of ours reading what RingCentral sends. */
@Timeout(30)
class RingCentralWebhooksIntegrationTest {
    private static final ManualClock CLOCK = new ManualClock(Instant.parse("2026-05-05T10:00:00Z"));
    private static final Secret TOKEN = Secret.of("our-verification-token-7c1f");
    private static final Duration WEEK = Duration.ofDays(7);
    private static final Duration DELIVERY_WAIT = Duration.ofSeconds(10);
    private static RingCentralSimulator ringCentral;
    private static OurEndpoint endpoint;

    private final RingCentralConnector connector = new RingCentralConnector();
    private final JsonMapper json = JsonMapper.builder().build();
    private CallSource source;

    @BeforeAll
    static void start() throws IOException {
        ringCentral = RingCentralSimulator.start(CLOCK);
        endpoint = new OurEndpoint(new RingCentralConnector().webhooks().orElseThrow());
    }

    @AfterAll
    static void stop() {
        ringCentral.close();
        endpoint.close();
    }

    @BeforeEach
    void resetRingCentral() {
        CLOCK.set(Instant.parse("2026-05-05T10:00:00Z"));
        ringCentral.reset();
        endpoint.clear();
        source = open(new CountingPermits());
    }

    @AfterEach
    void closeSource() {
        source.close();
    }

    @Test
    void subscribesOnceOurAddressAnswersRingCentralsValidationRequest() throws Exception {
        ringCentral.recordExchanges(true);
        WebhookSubscription subscription = source.subscribe(endpoint.address(), TOKEN, WEEK);

        assertThat(subscription.expiresAt()).isEqualTo(CLOCK.instant().plus(WEEK));
        assertThat(ringCentral.subscriptions()).singleElement().satisfies(view -> {
            assertThat(view.id()).isEqualTo(subscription.id());
            assertThat(view.address()).isEqualTo(endpoint.address());
            assertThat(view.status()).isEqualTo("Active");
            assertThat(view.expiresAt()).isEqualTo(subscription.expiresAt());
        });
        assertThat(endpoint.received()).singleElement().isInstanceOf(InboundWebhook.Handshake.class);
        JsonNode sent = json.readTree(ringCentral.exchanges().getFirst().requestBody());
        assertThat(sent.path("eventFilters").get(0).asString()).isEqualTo("/restapi/v1.0/account/~/telephony/sessions");
        assertThat(sent.path("deliveryMode").path("transportType").asString()).isEqualTo("WebHook");
        assertThat(sent.path("deliveryMode").path("verificationToken").asString()).isEqualTo(TOKEN.reveal());
        assertThat(sent.path("expiresIn").asLong()).isEqualTo(WEEK.toSeconds());
    }

    @Test
    void explainsAFailedValidationAsAnAddressToMakeReachable() {
        URI nowhere = endpoint.address().resolve("/not-our-webhook-path");
        assertThatThrownBy(() -> source.subscribe(nowhere, TOKEN, WEEK))
                .isInstanceOfSatisfying(ConnectorException.UnexpectedResponse.class, refused -> assertThat(refused.getMessage())
                        .contains("RingCentral could not reach our webhook address at " + nowhere.getScheme() + "://" + nowhere.getAuthority())
                        .contains("reachable from the internet over HTTPS")
                        .contains("HTTP status is 404")
                        .doesNotContain("/not-our-webhook-path")
                        .doesNotContain(TOKEN.reveal()));
        assertThat(ringCentral.subscriptions()).isEmpty();
    }

    @Test
    void namesTheCallControlPermissionWhenRingCentralRefusesTheEvents() {
        ringCentral.withholdPermission(RingCentralSimulator.CALL_CONTROL_PERMISSION);
        assertThatThrownBy(() -> source.subscribe(endpoint.address(), TOKEN, WEEK))
                .isInstanceOfSatisfying(ConnectorException.AuthenticationFailed.class, refused -> assertThat(refused.getMessage())
                        .contains("lacks the CallControl permission").contains("call control"));
        assertThat(endpoint.received()).as("no validation request before the permission check").isEmpty();
    }

    @Test
    void leavesNoSilentSubscriptionBehindWhenRingCentralDisablesItsEvents() {
        ringCentral.disableEventFilters("Permission [CallControl] is required");
        assertThatThrownBy(() -> source.subscribe(endpoint.address(), TOKEN, WEEK))
                .isInstanceOfSatisfying(ConnectorException.AuthenticationFailed.class, refused -> assertThat(refused.getMessage())
                        .contains("disabled its events").contains("Permission [CallControl] is required").contains("call control"));
        assertThat(ringCentral.subscriptions()).as("deleted rather than left to deliver nothing").isEmpty();
    }

    @Test
    void explainsTheSubscriptionLimitOfThirtyPerUser() throws Exception {
        for (int i = 0; i < 30; i++) {
            source.subscribe(endpoint.address(), TOKEN, WEEK);
        }
        assertThatThrownBy(() -> source.subscribe(endpoint.address(), TOKEN, WEEK))
                .isInstanceOfSatisfying(ConnectorException.UnexpectedResponse.class, refused -> assertThat(refused.getMessage())
                        .contains("30 subscriptions").contains("Subscriptions limit exceeded"));
        assertThat(ringCentral.subscriptions()).hasSize(30);
    }

    @Test
    void renewingExtendsTheSubscriptionByTheLifetimeItWasCreatedWith() throws Exception {
        WebhookSubscription subscription = source.subscribe(endpoint.address(), TOKEN, WEEK);
        CLOCK.advance(Duration.ofDays(5));

        WebhookSubscription renewed = source.renew(subscription.id(), WEEK).orElseThrow();

        assertThat(renewed.id()).isEqualTo(subscription.id());
        assertThat(renewed.expiresAt()).isEqualTo(CLOCK.instant().plus(WEEK));
        assertThat(ringCentral.subscriptions()).singleElement().satisfies(view -> {
            assertThat(view.renewals()).isEqualTo(1);
            assertThat(view.expiresAt()).isEqualTo(renewed.expiresAt());
        });
    }

    @Test
    void renewingASubscriptionRingCentralLostAsksForANewOne() throws Exception {
        WebhookSubscription subscription = source.subscribe(endpoint.address(), TOKEN, WEEK);
        ringCentral.dropSubscription(subscription.id());

        assertThat(source.renew(subscription.id(), WEEK)).isEmpty();
    }

    @Test
    void renewingAnExpiredSubscriptionAsksForANewOne() throws Exception {
        WebhookSubscription subscription = source.subscribe(endpoint.address(), TOKEN, WEEK);
        CLOCK.advance(WEEK.plusSeconds(1));

        assertThat(source.renew(subscription.id(), WEEK)).isEmpty();
        assertThat(ringCentral.subscriptions()).isEmpty();
    }

    @Test
    void renewingABlacklistedSubscriptionDeletesItAndAsksForANewOne() throws Exception {
        WebhookSubscription subscription = source.subscribe(endpoint.address(), TOKEN, WEEK);
        ringCentral.blacklistSubscription(subscription.id());
        ringCentral.placeCall(Duration.ofMinutes(3), true);
        assertThat(ringCentral.deliveries()).as("a blacklisted subscription receives nothing").isEmpty();

        assertThat(source.renew(subscription.id(), WEEK)).isEmpty();
        assertThat(ringCentral.subscriptions()).as("deleted at RingCentral, freeing one of 30").isEmpty();
    }

    @Test
    void unsubscribingEndsDeliveriesAndToleratesAnAlreadyEndedSubscription() throws Exception {
        WebhookSubscription subscription = source.subscribe(endpoint.address(), TOKEN, WEEK);

        source.unsubscribe(subscription.id());
        source.unsubscribe(subscription.id());

        assertThat(ringCentral.subscriptions()).isEmpty();
        SeededCall call = ringCentral.placeCall(Duration.ofMinutes(2), false);
        assertThat(ringCentral.deliveries()).isEmpty();
        assertThat(ringCentral.notifiedAt(call.vendorCallId())).isEmpty();
    }

    @Test
    void anExpiredSubscriptionReceivesNothing() throws Exception {
        source.subscribe(endpoint.address(), TOKEN, Duration.ofHours(1));
        CLOCK.advance(Duration.ofHours(1));

        SeededCall call = ringCentral.placeCall(Duration.ofMinutes(2), false);

        assertThat(ringCentral.deliveries()).isEmpty();
        assertThat(ringCentral.notifiedAt(call.vendorCallId())).isEmpty();
        assertThat(ringCentral.subscriptions()).isEmpty();
    }

    @Test
    void readsTheNotificationOfAnEndedCallWithOurTokenAndItsSession() throws Exception {
        WebhookSubscription subscription = source.subscribe(endpoint.address(), TOKEN, WEEK);
        SeededCall call = ringCentral.placeCall(Duration.ofMinutes(4), true);

        Delivery delivery = ringCentral.awaitDeliveries(1, DELIVERY_WAIT).getFirst();

        String session = ringCentral.telephonySessionId(call.vendorCallId());
        assertThat(delivery.status()).isEqualTo(200);
        assertThat(delivery.subscriptionId()).isEqualTo(subscription.id());
        assertThat(delivery.telephonySessionId()).isEqualTo(session);
        assertThat(ringCentral.notifiedAt(call.vendorCallId())).contains(delivery.sentAt());
        InboundWebhook.Notification expected = new InboundWebhook.Notification(delivery.uuid(), delivery.sentAt(),
                Optional.of(TOKEN), List.of(session));
        assertThat(endpoint.received()).last().isEqualTo(expected);
        // replaying the recorded request reads the same: the engine's de-duplication has the same delivery id to go by
        assertThat(connector.webhooks().orElseThrow().read(delivery.asInboundRequest())).isEqualTo(expected);
    }

    @Test
    void aSubscriptionWithoutTokenIsNotifiedWithoutOne() throws Exception {
        source.subscribe(endpoint.address(), Secret.of(""), WEEK);
        ringCentral.placeCall(Duration.ofMinutes(1), false);

        Delivery delivery = ringCentral.awaitDeliveries(1, DELIVERY_WAIT).getFirst();

        assertThat(delivery.headers()).doesNotContainKey("Verification-Token");
        assertThat(endpoint.received()).last().isInstanceOfSatisfying(InboundWebhook.Notification.class,
                notification -> assertThat(notification.presentedToken()).isEmpty());
    }

    @Test
    void aRingingCallNamesNoCallToRead() throws Exception {
        source.subscribe(endpoint.address(), TOKEN, WEEK);
        ringCentral.notifySession("s-a0d7b3c1e2f94a7b8c6d5e4f3a2b1c0d", "Proceeding");
        ringCentral.notifySession("s-a0d7b3c1e2f94a7b8c6d5e4f3a2b1c0d", "Answered");

        ringCentral.awaitDeliveries(2, DELIVERY_WAIT);

        assertThat(endpoint.received()).filteredOn(InboundWebhook.Notification.class::isInstance).hasSize(2)
                .allSatisfy(read -> assertThat(((InboundWebhook.Notification) read).affectedCalls()).isEmpty());
    }

    @Test
    void fetchesThePlacedCallsRecordsByTheirTelephonySession() throws Exception {
        ringCentral.seed(5, new DateWindow(CLOCK.instant().minus(Duration.ofHours(3)), CLOCK.instant()), 3);
        SeededCall placed = ringCentral.placeCall(Duration.ofMinutes(6), true);
        ringCentral.recordExchanges(true);

        CallPage page = source.fetchCalls(List.of(ringCentral.telephonySessionId(placed.vendorCallId())));

        assertThat(page.calls()).extracting(SourceCall::vendorCallId).containsExactly(placed.vendorCallId());
        assertThat(page.calls().getFirst().recording()).isPresent();
        assertThat(page.calls().getFirst().duration()).isEqualTo(Duration.ofMinutes(6));
        assertThat(page.failed()).isEmpty();
        assertThat(page.next()).isEmpty();
        RecordedExchange listing = ringCentral.exchanges().getFirst();
        assertThat(listing.path()).isEqualTo(RingCentralClient.CALL_LOG_PATH);
        assertThat(listing.query().get("telephonySessionId")).containsExactly(ringCentral.telephonySessionId(placed.vendorCallId()));
        assertThat(listing.query().get("view")).containsExactly("Detailed");
        // RingCentral's defaults (the 24 hours before now) hold a call that has just ended
        assertThat(listing.query()).doesNotContainKeys("dateFrom", "dateTo");
    }

    @Test
    void fetchesNothingForASessionTheCallLogHasNotListedYet() throws Exception {
        ringCentral.delayCallLog(Duration.ofMinutes(2));
        source.subscribe(endpoint.address(), TOKEN, WEEK);
        SeededCall placed = ringCentral.placeCall(Duration.ofMinutes(1), false);
        List<String> keys = ((InboundWebhook.Notification) endpointNotification()).affectedCalls();

        assertThat(source.fetchCalls(keys).listedCalls()).isZero();

        CLOCK.advance(Duration.ofMinutes(2));
        assertThat(source.fetchCalls(keys).calls()).extracting(SourceCall::vendorCallId).containsExactly(placed.vendorCallId());
    }

    @Test
    void asksForThePermitOfEachRequestsThrottlingGroup() throws Exception {
        GroupPermits permits = new GroupPermits();
        try (CallSource counted = open(permits)) {
            WebhookSubscription subscription = counted.subscribe(endpoint.address(), TOKEN, WEEK);
            counted.renew(subscription.id(), WEEK);
            counted.fetchCalls(List.of("s-unknown-session"));
            counted.unsubscribe(subscription.id());
        }
        // RingCentral's spec: create and delete are Medium, renew Light, the call log Heavy
        assertThat(permits.groups()).containsExactly("Medium", "Light", "Heavy", "Medium");
        assertThat(ringCentral.requestsInGroup("Medium")).isEqualTo(2);
        assertThat(ringCentral.requestsInGroup("Light")).isEqualTo(1);
    }

    @Test
    void subscriptionRequestsShareTheMediumGroupsPenalty() throws Exception {
        ringCentral.enforceThrottlingGroups(true);
        for (int i = 0; i < 20; i++) {
            source.unsubscribe(source.subscribe(endpoint.address(), TOKEN, WEEK).id());
        }
        assertThatThrownBy(() -> source.subscribe(endpoint.address(), TOKEN, WEEK))
                .isInstanceOfSatisfying(ConnectorException.RateLimited.class, limited -> {
                    assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(60));
                    assertThat(limited.getMessage()).containsIgnoringCase("X-Rate-Limit-Group=Medium");
                });
        assertThat(ringCentral.penaltiesStarted("Medium")).isEqualTo(1);
        assertThat(ringCentral.subscriptions()).isEmpty();
    }

    @Test
    void reportsARefusedTokenAsAuthenticationFailed() {
        ringCentral.rejectCredentials(true);
        assertThatThrownBy(() -> source.subscribe(endpoint.address(), TOKEN, WEEK)).isInstanceOf(ConnectorException.AuthenticationFailed.class);
        assertThatThrownBy(() -> source.renew("a1b2c3d4e5f607180001", WEEK)).isInstanceOf(ConnectorException.AuthenticationFailed.class);
        assertThatThrownBy(() -> source.fetchCalls(List.of("s-any"))).isInstanceOf(ConnectorException.AuthenticationFailed.class);
    }

    @Test
    void reportsServerErrorsOfTheSubscriptionApiAsTemporarilyUnavailable() {
        ringCentral.failNextRequest(503);
        assertThatThrownBy(() -> source.subscribe(endpoint.address(), TOKEN, WEEK))
                .isInstanceOf(ConnectorException.TemporarilyUnavailable.class);
        ringCentral.failNextRequest(500);
        assertThatThrownBy(() -> source.unsubscribe("a1b2c3d4e5f607180001"))
                .isInstanceOf(ConnectorException.TemporarilyUnavailable.class);
    }

    private InboundWebhook endpointNotification() throws InterruptedException {
        ringCentral.awaitDeliveries(1, DELIVERY_WAIT);
        return endpoint.received().stream().filter(InboundWebhook.Notification.class::isInstance).findFirst().orElseThrow();
    }

    private CallSource open(RequestPermits permits) {
        return connector.open(RingCentralCredentialsFixture.context(ringCentral, RingCentralCredentialsFixture.accepted(), permits, CLOCK));
    }

    /**
     * Our side of the webhook, as small as it gets: every request is read by the connector's {@link Webhooks#read};
     * a handshake is answered with its headers, a notification with 200, anything else with 400. Only
     * {@code /ringcentral-webhook} exists; other paths answer 404.
     */
    static final class OurEndpoint implements AutoCloseable {
        private final Webhooks webhooks;
        private final HttpServer server;
        private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        private final List<InboundWebhook> received = Collections.synchronizedList(new ArrayList<>());

        OurEndpoint(Webhooks webhooks) throws IOException {
            this.webhooks = webhooks;
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            server.setExecutor(executor);
            server.createContext("/ringcentral-webhook", this::handle);
            server.start();
        }

        URI address() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ringcentral-webhook");
        }

        List<InboundWebhook> received() {
            synchronized (received) {
                return List.copyOf(received);
            }
        }

        void clear() {
            received.clear();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                Map<String, List<String>> headers = new HashMap<>(exchange.getRequestHeaders());
                InboundWebhook read = webhooks.read(new InboundRequest(headers, exchange.getRequestBody().readAllBytes()));
                received.add(read);
                int status = 200;
                if (read instanceof InboundWebhook.Handshake handshake) {
                    handshake.responseHeaders().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
                } else if (read instanceof InboundWebhook.Unreadable) {
                    status = 400;
                }
                exchange.sendResponseHeaders(status, -1);
            }
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
