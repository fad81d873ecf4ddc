package com.callimport.connectors.ringcentral;

import com.callimport.connector.InboundRequest;
import com.callimport.connector.InboundWebhook;
import com.callimport.connector.Secret;
import com.callimport.connector.Webhooks;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * RingCentral's WebHook deliveries for the account's telephony sessions
 * ({@value RingCentralClient#TELEPHONY_SESSIONS_FILTER}). RingCentral sends two kinds of request to a subscription's
 * address: while the subscription is being created, a validation request with a {@code Validation-Token} header to
 * be echoed; afterwards, one JSON notification per call state change, carrying the subscription's verification
 * token in a {@code Verification-Token} header (RingCentral signs nothing). A notification names a call to read
 * again only once the call has ended: only then does the call log hold its record.
 */
final class RingCentralWebhooks implements Webhooks {
    static final String VALIDATION_TOKEN = "Validation-Token";
    static final String VERIFICATION_TOKEN = "Verification-Token";
    /**
     * A week, RingCentral's own example lifetime (604,799 s; WebHook subscriptions may last up to 10 years). Long
     * enough that renewing is rare (the engine renews with about two days left), short enough that a subscription
     * whose connection was abandoned lapses at RingCentral within days and frees one of its 30 per user.
     */
    static final Duration LIFETIME = Duration.ofDays(7);
    // RC docs (account-telephony-sessions.json): RingCentral names the account by id, e.g. /restapi/v1.0/account/37439510/telephony/sessions
    private static final Pattern TELEPHONY_SESSIONS_EVENT = Pattern.compile("/restapi/v1\\.0/account/[^/?]+/telephony/sessions(\\?.*)?");
    // RC spec (CallStatusInfo): a party that is Disconnected or Gone has left the call; its call log record follows
    private static final Set<String> ENDED = Set.of("Disconnected", "Gone");

    private final JsonMapper json;

    RingCentralWebhooks(JsonMapper json) {
        this.json = json;
    }

    @Override
    public InboundWebhook read(InboundRequest request) {
        Optional<String> validation = request.header(VALIDATION_TOKEN);
        if (validation.isPresent()) {
            if (validation.get().isBlank()) {
                return new InboundWebhook.Unreadable("a RingCentral validation request with an empty " + VALIDATION_TOKEN + " header");
            }
            // RC docs (creating-webhooks): answer 200 within 3 s with the same header
            return new InboundWebhook.Handshake(Map.of(VALIDATION_TOKEN, validation.get()));
        }
        JsonNode envelope;
        try {
            envelope = json.readTree(request.body());
        } catch (JacksonException notJson) {
            return new InboundWebhook.Unreadable("not JSON, so not a RingCentral notification");
        }
        if (envelope == null || !envelope.isObject()) {
            return new InboundWebhook.Unreadable("not a JSON object, so not a RingCentral notification");
        }
        String uuid = RingCentralCallMapper.text(envelope, "uuid");
        if (uuid == null || uuid.isBlank()) {
            return new InboundWebhook.Unreadable("a RingCentral notification has a uuid; this has none");
        }
        Instant sentAt = timestamp(envelope);
        if (sentAt == null) {
            return new InboundWebhook.Unreadable("notification " + uuid + " has no readable timestamp");
        }
        String event = RingCentralCallMapper.text(envelope, "event");
        if (event == null || !TELEPHONY_SESSIONS_EVENT.matcher(event).matches()) {
            return new InboundWebhook.Unreadable("notification " + uuid + " is for event " + event
                    + ", not the account's telephony sessions, the only events our subscriptions ask for");
        }
        JsonNode body = envelope.path("body");
        boolean ended = false;
        for (JsonNode party : body.path("parties")) {
            ended |= ENDED.contains(party.path("status").path("code").asString(""));
        }
        List<String> affected = List.of();
        if (ended) {
            String telephonySessionId = RingCentralCallMapper.text(body, "telephonySessionId");
            if (telephonySessionId == null || telephonySessionId.isBlank()) {
                return new InboundWebhook.Unreadable("notification " + uuid + " reports an ended call without its telephonySessionId");
            }
            affected = List.of(telephonySessionId);
        }
        return new InboundWebhook.Notification(uuid, sentAt, request.header(VERIFICATION_TOKEN).map(Secret::of), affected);
    }

    @Override
    public Duration subscriptionLifetime() {
        return LIFETIME;
    }

    private static Instant timestamp(JsonNode envelope) {
        String value = RingCentralCallMapper.text(envelope, "timestamp");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException unreadable) {
            return null;
        }
    }
}
