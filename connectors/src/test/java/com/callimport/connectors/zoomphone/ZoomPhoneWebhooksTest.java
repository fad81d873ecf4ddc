package com.callimport.connectors.zoomphone;

import com.callimport.connector.InboundRequest;
import com.callimport.connector.InboundWebhook;
import com.callimport.connector.Secret;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connector.testkit.ManualClock;
import com.callimport.connector.testkit.SeededCall;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ZoomPhoneWebhooksTest {
    private static final Secret SECRET = Secret.of(ZoomPhoneSimulator.WEBHOOK_SECRET_TOKEN);
    private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
    private final ZoomPhoneWebhooks webhooks = (ZoomPhoneWebhooks) new ZoomPhoneConnector().webhooks().orElseThrow();

    private static InboundRequest request(String body, Map<String, String> headers) {
        Map<String, List<String>> all = new HashMap<>();
        headers.forEach((name, value) -> all.put(name, List.of(value)));
        return new InboundRequest(all, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void answersUrlValidationWithThePlainTokenAndItsHmac() {
        String body = "{\"payload\":{\"plainToken\":\"qgg8vlvZRS6UYooatFL8Aw\"},\"event_ts\":1654503849680,\"event\":\"endpoint.url_validation\"}";

        InboundWebhook read = webhooks.readSigned(request(body, ZoomPhoneSimulator.signatureHeaders(SECRET.reveal(), NOW, body)), SECRET);

        assertThat(read).isEqualTo(new InboundWebhook.Handshake(Map.of(), "{\"plainToken\":\"qgg8vlvZRS6UYooatFL8Aw\",\"encryptedToken\":\""
                + ZoomPhoneSimulator.hmac(SECRET.reveal(), "qgg8vlvZRS6UYooatFL8Aw") + "\"}"));
    }

    @Test
    void namesTheRecordedCallAndTheAccountAndKnowsARetryByItsBody() {
        try (ZoomPhoneSimulator zoom = ZoomPhoneSimulator.start(new ManualClock(NOW))) {
            SeededCall call = zoom.seed(1, new com.callimport.connector.DateWindow(NOW.minus(Duration.ofHours(1)), NOW), CallMix.COMPLETE, 1)
                    .getFirst();
            String body = zoom.recordingCompleted(call.vendorCallId());

            InboundWebhook first = webhooks.readSigned(request(body, ZoomPhoneSimulator.signatureHeaders(SECRET.reveal(), NOW, body)), SECRET);
            InboundWebhook retry = webhooks.readSigned(request(body,
                    ZoomPhoneSimulator.signatureHeaders(SECRET.reveal(), NOW.plus(Duration.ofMinutes(5)), body)), SECRET);

            assertThat(first).isInstanceOfSatisfying(InboundWebhook.Notification.class, notice -> {
                assertThat(notice.affectedCalls()).containsExactly(call.vendorCallId());
                assertThat(notice.vendorAccount()).contains(ZoomPhoneSimulator.ACCOUNT_ID);
                assertThat(notice.sentAt()).isEqualTo(NOW);
            });
            assertThat(((InboundWebhook.Notification) retry).deliveryId()).isEqualTo(((InboundWebhook.Notification) first).deliveryId());
        }
    }

    @Test
    void aWrongSecretAnAlteredBodyOrNoSignatureIsForged() {
        String body = "{\"event\":\"phone.recording_completed\",\"event_ts\":1,\"payload\":{\"account_id\":\"a\",\"object\":{\"recordings\":[]}}}";
        Map<String, String> signed = ZoomPhoneSimulator.signatureHeaders(SECRET.reveal(), NOW, body);

        assertThat(webhooks.readSigned(request(body, ZoomPhoneSimulator.signatureHeaders("other", NOW, body)), SECRET))
                .isInstanceOf(InboundWebhook.Forged.class);
        assertThat(webhooks.readSigned(request(body.replace("\"a\"", "\"b\""), signed), SECRET)).isInstanceOf(InboundWebhook.Forged.class);
        assertThat(webhooks.readSigned(request(body, Map.of()), SECRET)).isInstanceOf(InboundWebhook.Forged.class);
    }
}
