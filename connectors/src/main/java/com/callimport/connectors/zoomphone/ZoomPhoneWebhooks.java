package com.callimport.connectors.zoomphone;

import com.callimport.connector.InboundRequest;
import com.callimport.connector.InboundWebhook;
import com.callimport.connector.Secret;
import com.callimport.connector.Webhooks;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Zoom's event notifications for our Marketplace app. Zoom sends every authorizing account's events to the one endpoint
 * URL of the app's event subscription, each signed with the app's secret token: {@code x-zm-signature} is
 * {@code v0=} and the hex HMAC-SHA256 of {@code v0:<x-zm-request-timestamp>:<raw body>}. The endpoint is validated when
 * it is saved and every 72 hours ({@code endpoint.url_validation}), answered with the plain token and its HMAC. Zoom
 * retries a delivery that failed with a 5xx after 5, 20 and 60 minutes with the same body and gives it no idempotency
 * key, so a delivery is known by the SHA-256 of its body. Source: Zoom docs, webhooks (Oliver-DoWhiz mirror, 2026-02).
 */
final class ZoomPhoneWebhooks implements Webhooks {
    static final String SIGNATURE = "x-zm-signature";
    static final String TIMESTAMP = "x-zm-request-timestamp";
    static final String URL_VALIDATION = "endpoint.url_validation";
    // ZPW spec: the events that mean a call's history or recording can now be read
    static final Set<String> RECORDING_EVENTS = Set.of("phone.recording_completed", "phone.recording_transcript_completed");
    static final Set<String> HISTORY_EVENTS = Set.of("phone.caller_call_history_completed", "phone.callee_call_history_completed");
    /** A year: there is nothing to renew at Zoom; the engine re-checks the authorization when a third of it is left. */
    static final Duration LIFETIME = Duration.ofDays(365);

    private final JsonMapper json;

    ZoomPhoneWebhooks(JsonMapper json) {
        this.json = json;
    }

    @Override
    public boolean deliveredToTheApp() {
        return true;
    }

    @Override
    public InboundWebhook read(InboundRequest request) {
        return new InboundWebhook.Unreadable("Zoom delivers to our app's one address, where its signature is checked");
    }

    @Override
    public InboundWebhook readSigned(InboundRequest request, Secret appSecret) {
        Optional<String> timestamp = request.header(TIMESTAMP);
        Optional<String> signature = request.header(SIGNATURE);
        if (timestamp.isEmpty() || signature.isEmpty()) {
            return new InboundWebhook.Forged("no " + SIGNATURE + " or " + TIMESTAMP + " header, so not signed by Zoom");
        }
        byte[] body = request.body();
        String expected = "v0=" + hmac(appSecret, "v0:" + timestamp.get() + ":" + new String(body, StandardCharsets.UTF_8));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.get().strip().getBytes(StandardCharsets.US_ASCII))) {
            return new InboundWebhook.Forged("the " + SIGNATURE + " header does not match the body and timestamp signed with our app's secret token");
        }
        Instant sentAt;
        try {
            sentAt = Instant.ofEpochSecond(Long.parseLong(timestamp.get().strip()));
        } catch (NumberFormatException unreadable) {
            return new InboundWebhook.Unreadable(TIMESTAMP + " is not a number of seconds");
        }
        JsonNode envelope;
        try {
            envelope = json.readTree(body);
        } catch (JacksonException notJson) {
            return new InboundWebhook.Unreadable("not JSON, so not a Zoom event");
        }
        if (envelope == null || !envelope.isObject()) {
            return new InboundWebhook.Unreadable("not a JSON object, so not a Zoom event");
        }
        String event = ZoomPhoneCallMapper.text(envelope, "event");
        JsonNode payload = envelope.path("payload");
        if (URL_VALIDATION.equals(event)) {
            String plainToken = ZoomPhoneCallMapper.text(payload, "plainToken");
            if (plainToken == null || plainToken.isBlank()) {
                return new InboundWebhook.Unreadable("a URL validation without payload.plainToken");
            }
            String answer = json.createObjectNode().put("plainToken", plainToken).put("encryptedToken", hmac(appSecret, plainToken)).toString();
            return new InboundWebhook.Handshake(Map.of(), answer);
        }
        String account = ZoomPhoneCallMapper.text(payload, "account_id");
        if (event == null || account == null || account.isBlank()) {
            return new InboundWebhook.Unreadable("a Zoom event names its event and payload.account_id; this names " + event + " and " + account);
        }
        List<String> affected = new ArrayList<>();
        if (RECORDING_EVENTS.contains(event)) {
            payload.path("object").path("recordings").forEach(recording -> add(affected, recording));
        } else if (HISTORY_EVENTS.contains(event)) {
            payload.path("object").path("call_logs").forEach(entry -> add(affected, entry));
        }
        return new InboundWebhook.Notification("sha256:" + HexFormat.of().formatHex(sha256(body)), sentAt, Optional.empty(),
                List.copyOf(new LinkedHashSet<>(affected)), Optional.of(account));
    }

    @Override
    public Duration subscriptionLifetime() {
        return LIFETIME;
    }

    private static void add(List<String> affected, JsonNode item) {
        String callId = ZoomPhoneCallMapper.text(item, "call_id");
        if (callId != null && !callId.isBlank()) {
            affected.add(callId);
        }
    }

    static String hmac(Secret key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("every JDK has HmacSHA256", impossible);
        }
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
    }
}
