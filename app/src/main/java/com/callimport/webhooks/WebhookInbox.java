package com.callimport.webhooks;

import com.callimport.catalog.KnownConnectors;
import com.callimport.connector.InboundRequest;
import com.callimport.connector.Secret;
import com.callimport.connector.InboundWebhook;
import com.callimport.connector.Webhooks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Where vendors' requests to our webhook addresses land. A handshake is answered; a notification is stored
 * once, and only when it presents the address's token and is recent; everything else is refused and logged
 * on the {@code callimport.security} logger, without the token.
 */
@Component
public class WebhookInbox {
    private static final Logger log = LoggerFactory.getLogger(WebhookInbox.class);
    private static final Logger security = LoggerFactory.getLogger("callimport.security");
    // vendors' clocks drift a little; a notification from further in the future is not genuine
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final WebhookSubscriptions subscriptions;
    private final NotificationFetches fetches;
    private final KnownConnectors connectors;
    private final JdbcClient jdbc;
    private final WebhookProperties properties;
    private final Clock clock;

    WebhookInbox(WebhookSubscriptions subscriptions, NotificationFetches fetches, KnownConnectors connectors, JdbcClient jdbc,
                 WebhookProperties properties, Clock clock) {
        this.subscriptions = subscriptions;
        this.fetches = fetches;
        this.connectors = connectors;
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /** The answer to give the vendor: a status, headers (a handshake's echo) and a short message, or a JSON body. */
    public record Reply(int status, Map<String, String> headers, String message, boolean json) {
        static Reply of(int status, String message) {
            return new Reply(status, Map.of(), message, false);
        }

        static Reply handshake(InboundWebhook.Handshake handshake) {
            return new Reply(200, handshake.responseHeaders(), handshake.responseJson(), !handshake.responseJson().isEmpty());
        }
    }

    public Reply receive(UUID addressId, InboundRequest request, String remoteAddress) {
        Optional<WebhookSubscriptions.Subscription> found = subscriptions.byAddress(addressId);
        Optional<Webhooks> webhooks = found.flatMap(subscription -> connectors.find(subscription.platform()))
                .flatMap(connector -> connector.webhooks());
        if (found.isEmpty() || webhooks.isEmpty()) {
            security.warn("Webhook request refused: address {} is not one of ours (any more); from {}", addressId, remoteAddress);
            return Reply.of(404, "no webhook subscription has this address");
        }
        WebhookSubscriptions.Subscription subscription = found.get();
        return switch (webhooks.get().read(request)) {
            case InboundWebhook.Handshake handshake -> {
                log.info("Answered the webhook handshake for connection {}", subscription.connectionId());
                yield Reply.handshake(handshake);
            }
            case InboundWebhook.Forged forged -> {
                security.warn("Forged webhook request refused for connection {}: {}; from {}", subscription.connectionId(),
                        forged.reason(), remoteAddress);
                yield Reply.of(401, "the request's signature does not verify");
            }
            case InboundWebhook.Unreadable unreadable -> {
                security.warn("Webhook request refused for connection {}: unreadable ({}); from {}", subscription.connectionId(),
                        unreadable.reason(), remoteAddress);
                yield Reply.of(400, "not a notification this address accepts");
            }
            case InboundWebhook.Notification notification -> accept(subscription, notification, remoteAddress);
        };
    }

    /**
     * A request at our app's one address for a platform whose vendor delivers every customer's events there, signed with our
     * app's secret ({@link Webhooks#deliveredToTheApp()}): verified with the operator's copy of that secret, refused when
     * stale, and stored once for each connection whose subscription names the vendor account it concerns.
     */
    public Reply receiveForApp(String platform, InboundRequest request, String remoteAddress) {
        Optional<Webhooks> webhooks = connectors.find(platform).flatMap(connector -> connector.webhooks())
                .filter(Webhooks::deliveredToTheApp);
        Optional<String> secret = properties.appSecret(platform);
        if (webhooks.isEmpty() || secret.isEmpty()) {
            security.warn("Webhook request refused: no app address for platform '{}' on this service; from {}", platform, remoteAddress);
            return Reply.of(404, "no webhook address for this platform");
        }
        return switch (webhooks.get().readSigned(request, Secret.of(secret.get()))) {
            case InboundWebhook.Handshake handshake -> {
                log.info("Answered {}'s validation of our app's webhook address", platform);
                yield Reply.handshake(handshake);
            }
            case InboundWebhook.Forged forged -> {
                security.warn("Forged webhook request refused for platform {}: {}; from {}", platform, forged.reason(), remoteAddress);
                yield Reply.of(401, "the request's signature does not verify");
            }
            case InboundWebhook.Unreadable unreadable -> {
                security.warn("Webhook request refused for platform {}: unreadable ({}); from {}", platform, unreadable.reason(), remoteAddress);
                yield Reply.of(400, "not a notification this address accepts");
            }
            case InboundWebhook.Notification notification -> {
                if (stale(notification)) {
                    security.warn("Replayed webhook notification refused for platform {}: sent at {}, outside the accepted {}; delivery {} from {}",
                            platform, notification.sentAt(), properties.replayTolerance(), notification.deliveryId(), remoteAddress);
                    yield Reply.of(401, "the notification is too old or from the future");
                }
                List<WebhookSubscriptions.Subscription> interested = notification.vendorAccount()
                        .map(account -> subscriptions.byVendorAccount(platform, account)).orElse(List.of());
                Reply last = Reply.of(200, "no connection follows this account");
                for (WebhookSubscriptions.Subscription subscription : interested) {
                    last = store(subscription, notification, remoteAddress);
                }
                yield last;
            }
        };
    }

    private boolean stale(InboundWebhook.Notification notification) {
        Instant now = Instant.now(clock);
        return notification.sentAt().isBefore(now.minus(properties.replayTolerance())) || notification.sentAt().isAfter(now.plus(CLOCK_SKEW));
    }

    private Reply accept(WebhookSubscriptions.Subscription subscription, InboundWebhook.Notification notification, String remoteAddress) {
        UUID connectionId = subscription.connectionId();
        if (notification.presentedToken().isEmpty()
                || !WebhookSubscriptions.tokenMatches(subscription, notification.presentedToken().get())) {
            security.warn("Forged webhook notification refused for connection {}: {} verification token; delivery {} from {}",
                    connectionId, notification.presentedToken().isEmpty() ? "no" : "wrong", notification.deliveryId(), remoteAddress);
            return Reply.of(401, "the notification does not carry this subscription's verification token");
        }
        if (stale(notification)) {
            security.warn("Replayed webhook notification refused for connection {}: sent at {}, outside the accepted {}; delivery {} from {}",
                    connectionId, notification.sentAt(), properties.replayTolerance(), notification.deliveryId(), remoteAddress);
            return Reply.of(401, "the notification is too old or from the future");
        }
        return store(subscription, notification, remoteAddress);
    }

    private Reply store(WebhookSubscriptions.Subscription subscription, InboundWebhook.Notification notification, String remoteAddress) {
        UUID connectionId = subscription.connectionId();
        Instant now = Instant.now(clock);
        boolean nothingToFetch = notification.affectedCalls().isEmpty();
        boolean first = jdbc.sql("""
                INSERT INTO webhook_deliveries (connection_id, delivery_id, organization_id, affected_calls, sent_at, received_at, state, due_at,
                    outcome, finished_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (connection_id, delivery_id) DO NOTHING""")
                .params(connectionId, notification.deliveryId(), subscription.organization().value(),
                        notification.affectedCalls().toArray(String[]::new), notification.sentAt().atOffset(ZoneOffset.UTC),
                        now.atOffset(ZoneOffset.UTC), nothingToFetch ? "DONE" : "PENDING", now.atOffset(ZoneOffset.UTC),
                        nothingToFetch ? "no call ended with this event" : null, nothingToFetch ? now.atOffset(ZoneOffset.UTC) : null)
                .update() == 1;
        if (!first) {
            // vendors may deliver twice; an attacker replaying a captured request gets the same answer and nothing happens
            security.warn("Repeated webhook delivery {} for connection {} ignored; from {}", notification.deliveryId(), connectionId,
                    remoteAddress);
            return Reply.of(200, "already received");
        }
        subscriptions.noteNotification(connectionId, now);
        if (!nothingToFetch) {
            fetches.processSoon(new NotificationFetches.DeliveryKey(connectionId, notification.deliveryId()));
        }
        return Reply.of(200, "received");
    }
}
