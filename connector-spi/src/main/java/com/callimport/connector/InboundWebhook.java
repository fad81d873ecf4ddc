package com.callimport.connector;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What a request at a webhook address turned out to be, as {@link Webhooks#read} understood it. */
public sealed interface InboundWebhook {

    /**
     * The vendor checking that the address is ours (while a subscription is being created, or periodically);
     * answered with 200, these headers and, when the vendor expects one, this JSON body, and nothing else.
     *
     * @param responseJson the JSON body to answer with (e.g. Zoom's plainToken and encryptedToken), or empty for none
     */
    record Handshake(Map<String, String> responseHeaders, String responseJson) implements InboundWebhook {
        public Handshake {
            responseHeaders = Map.copyOf(responseHeaders);
            Objects.requireNonNull(responseJson, "responseJson");
        }

        /** A handshake answered by headers alone. */
        public Handshake(Map<String, String> responseHeaders) {
            this(responseHeaders, "");
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
     * @param vendorAccount  for notices delivered to the app's one address ({@link Webhooks#deliveredToTheApp()}), the
     *                       vendor account they concern, matched against {@link WebhookSubscription#id()}; else empty
     */
    record Notification(String deliveryId, Instant sentAt, Optional<Secret> presentedToken, List<String> affectedCalls,
                        Optional<String> vendorAccount) implements InboundWebhook {
        public Notification {
            Objects.requireNonNull(deliveryId, "deliveryId");
            Objects.requireNonNull(sentAt, "sentAt");
            Objects.requireNonNull(presentedToken, "presentedToken");
            affectedCalls = List.copyOf(affectedCalls);
            Objects.requireNonNull(vendorAccount, "vendorAccount");
        }

        /** A notice delivered to one subscription's own address. */
        public Notification(String deliveryId, Instant sentAt, Optional<Secret> presentedToken, List<String> affectedCalls) {
            this(deliveryId, sentAt, presentedToken, affectedCalls, Optional.empty());
        }
    }

    /**
     * A request whose signature does not verify with the app's secret, or whose signed timestamp is missing: forged or
     * altered in transit. The engine answers 401 and logs it as a security event.
     */
    record Forged(String reason) implements InboundWebhook {
        public Forged {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Not a request this vendor sends; the engine answers 400 and logs it as a security event. */
    record Unreadable(String reason) implements InboundWebhook {
        public Unreadable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
