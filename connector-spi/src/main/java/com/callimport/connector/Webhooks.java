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
}
