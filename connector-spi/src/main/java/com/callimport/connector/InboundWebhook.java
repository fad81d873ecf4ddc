package com.callimport.connector;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What a request at a webhook address turned out to be, as {@link Webhooks#read} understood it. */
public sealed interface InboundWebhook {

    /**
     * The vendor checking that the address is ours while a subscription is being created; answered with
     * 200 and these headers, and nothing else.
     */
    record Handshake(Map<String, String> responseHeaders) implements InboundWebhook {
        public Handshake {
            responseHeaders = Map.copyOf(responseHeaders);
        }
    }

    /**
     * A notification.
     *
     * @param deliveryId     the vendor's id of this delivery; the same id twice is a replay
     * @param sentAt         when the vendor says it sent it; old ones are refused as replays
     * @param presentedToken the secret the vendor echoes back on every notification, if the request carried one
     * @param affectedCalls  connector-defined keys of the calls to read again ({@link CallSource#fetchCalls});
     *                       empty when the event does not change any call yet (e.g. a call still ringing)
     */
    record Notification(String deliveryId, Instant sentAt, Optional<Secret> presentedToken, List<String> affectedCalls)
            implements InboundWebhook {
        public Notification {
            Objects.requireNonNull(deliveryId, "deliveryId");
            Objects.requireNonNull(sentAt, "sentAt");
            Objects.requireNonNull(presentedToken, "presentedToken");
            affectedCalls = List.copyOf(affectedCalls);
        }
    }

    /** Not a request this vendor sends; the engine answers 400 and logs it as a security event. */
    record Unreadable(String reason) implements InboundWebhook {
        public Unreadable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
