package com.callimport.connectors.ringcentral;

import com.callimport.connector.InboundRequest;
import com.callimport.connector.InboundWebhook;
import com.callimport.connector.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class RingCentralWebhooksTest {
    private static final String SESSION = "s-a0d7b3c1e2f94a7b8c6d5e4f3a2b1c0d";

    private final RingCentralWebhooks webhooks = new RingCentralWebhooks(JsonMapper.builder().build());

    @Test
    void answersTheValidationRequestByEchoingItsToken() {
        InboundWebhook read = webhooks.read(request(Map.of("validation-token", "9f2c4e1a-token"), ""));
        assertThat(read).isEqualTo(new InboundWebhook.Handshake(Map.of("Validation-Token", "9f2c4e1a-token")));
    }

    @Test
    void readsAnEndedCallsNotificationWithItsDeliveryIdTimeAndToken() {
        InboundWebhook read = webhooks.read(request(Map.of("Verification-Token", "our-secret", "Content-Type", "application/json"),
                notification("Disconnected")));
        assertThat(read).isEqualTo(new InboundWebhook.Notification("11a3a3b5-7f0c-4f8e-9bd6-0c1c1d9b0e6a",
                Instant.parse("2026-05-05T10:15:30.123Z"), Optional.of(Secret.of("our-secret")), List.of(SESSION)));
    }

    @ParameterizedTest(name = "{0} names {1} calls")
    @CsvSource({"Setup, 0", "Proceeding, 0", "Answered, 0", "Hold, 0", "VoiceMail, 0", "Disconnected, 1", "Gone, 1"})
    void namesTheSessionOnlyOnceItsCallHasEnded(String statusCode, int affected) {
        InboundWebhook read = webhooks.read(request(Map.of(), notification(statusCode)));
        assertThat(read).isInstanceOfSatisfying(InboundWebhook.Notification.class,
                notification -> assertThat(notification.affectedCalls()).hasSize(affected));
    }

    @Test
    void leavesThePresentedTokenEmptyWhenRingCentralSentNone() {
        InboundWebhook read = webhooks.read(request(Map.of(), notification("Disconnected")));
        assertThat(read).isInstanceOfSatisfying(InboundWebhook.Notification.class,
                notification -> assertThat(notification.presentedToken()).isEmpty());
    }

    @Test
    void findsNothingToReadInWhatIsNotJson() {
        assertThat(webhooks.read(request(Map.of(), "<html>hello</html>"))).isInstanceOfSatisfying(InboundWebhook.Unreadable.class,
                unreadable -> assertThat(unreadable.reason()).contains("not JSON"));
        assertThat(webhooks.read(request(Map.of(), ""))).isInstanceOf(InboundWebhook.Unreadable.class);
        assertThat(webhooks.read(request(Map.of(), "[1, 2]"))).isInstanceOf(InboundWebhook.Unreadable.class);
    }

    @Test
    void findsNothingToReadInANotificationWithoutUuidOrTimestamp() {
        assertThat(webhooks.read(request(Map.of(), notification("Disconnected").replace("\"uuid\"", "\"id\""))))
                .isInstanceOfSatisfying(InboundWebhook.Unreadable.class, unreadable -> assertThat(unreadable.reason()).contains("uuid"));
        assertThat(webhooks.read(request(Map.of(), notification("Disconnected").replace("2026-05-05T10:15:30.123Z", "yesterday"))))
                .isInstanceOfSatisfying(InboundWebhook.Unreadable.class, unreadable -> assertThat(unreadable.reason()).contains("timestamp"));
    }

    @Test
    void findsNothingToReadInEventsOurSubscriptionsDoNotAskFor() {
        String presence = notification("Disconnected").replace("/telephony/sessions", "/extension/2587654004/presence");
        assertThat(webhooks.read(request(Map.of(), presence))).isInstanceOfSatisfying(InboundWebhook.Unreadable.class,
                unreadable -> assertThat(unreadable.reason()).contains("presence"));
    }

    @Test
    void findsNothingToReadInAnEndedCallWithoutItsSession() {
        String anonymous = notification("Disconnected").replace("\"telephonySessionId\":\"" + SESSION + "\",", "");
        assertThat(webhooks.read(request(Map.of(), anonymous))).isInstanceOf(InboundWebhook.Unreadable.class);
    }

    @Test
    void asksForAWeekLongSubscription() {
        assertThat(webhooks.subscriptionLifetime()).isEqualTo(Duration.ofDays(7));
    }

    /** RC docs, code-samples/events/account-telephony-sessions.json, trimmed to one party. */
    private static String notification(String statusCode) {
        return """
                {"uuid":"11a3a3b5-7f0c-4f8e-9bd6-0c1c1d9b0e6a","event":"/restapi/v1.0/account/37439510/telephony/sessions",\
                "timestamp":"2026-05-05T10:15:30.123Z","subscriptionId":"a1b2c3d4e5f60718","ownerId":"2587654004",\
                "body":{"sequence":7,"sessionId":"4503991004","telephonySessionId":"%s","serverId":"10.13.121.94.TAM",\
                "eventTime":"2026-05-05T10:15:30.101Z","parties":[{"accountId":"37439510","extensionId":"2587654004",\
                "id":"p-a0d7b3c1e2f94a7b8c-1","direction":"Outbound","to":{"phoneNumber":"+14155550123"},\
                "from":{"phoneNumber":"+16505550100","name":"Avery Nguyen","extensionId":"2587654004"},\
                "status":{"code":"%s"},"missedCall":false,"standAlone":false,"muted":false}],"origin":{"type":"Call"}}}"""
                .formatted(SESSION, statusCode);
    }

    private static InboundRequest request(Map<String, String> headers, String body) {
        return new InboundRequest(headers.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> List.of(entry.getValue()))),
                body.getBytes(StandardCharsets.UTF_8));
    }
}
