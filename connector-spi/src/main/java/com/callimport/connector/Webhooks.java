package com.callimport.connector;

import java.time.Duration;

/**
 * How a platform pushes notice of new or changed calls, for connectors that declare
 * {@link Capability#WEBHOOKS}. The engine keeps one subscription per connection whose sync is near real-time,
 * at an address of its own choosing, renews it before it lapses and recreates it when the vendor drops it;
 * the connector only speaks the vendor's protocol.
 *
 * <p>A notification is a hint, never data: the engine authenticates it, drops repeats, and then asks
 * {@link CallSource#fetchCalls} for the calls it names, so a forged body can at worst cause a harmless read.
 */
public interface Webhooks {

    /**
     * Reads what arrived at one of our subscription addresses. Makes no vendor request and trusts nothing:
     * authenticity is the engine's to decide from {@link InboundWebhook.Notification#presentedToken()}.
     */
    InboundWebhook read(InboundRequest request);

    /** The lifetime to ask for when subscribing or renewing; the engine renews once a third of it is left. */
    Duration subscriptionLifetime();

    /**
     * Whether the vendor delivers every customer's notices to one address of our app, signed with a secret of our app's
     * registration (Zoom's Marketplace apps), rather than to an address per subscription with a token of its own. The
     * engine then receives them at {@code /webhooks/apps/<platform>}, reads them with {@link #readSigned} and hands each
     * to the connections whose subscription id is the notice's {@link InboundWebhook.Notification#vendorAccount()}.
     */
    default boolean deliveredToTheApp() {
        return false;
    }

    /**
     * Reads what arrived at the app's one address and checks its signature with {@code appSecret}, the operator's copy of
     * the secret in our app's registration at the vendor. Makes no vendor request. A handshake is answered with what the
     * vendor's challenge asks for; a request whose signature does not verify is {@link InboundWebhook.Forged}. Whether a
     * verified notice is recent enough is the engine's to decide from {@link InboundWebhook.Notification#sentAt()}.
     */
    default InboundWebhook readSigned(InboundRequest request, Secret appSecret) {
        throw new UnsupportedOperationException("this vendor delivers to one address per subscription; use read");
    }
}
