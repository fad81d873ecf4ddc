package com.callimport.webhooks;

import java.time.Instant;

/**
 * A near real-time connection's webhook subscription as a customer or CSM reads it.
 *
 * @param state              SUBSCRIBING, ACTIVE or FAILING
 * @param subscribedUntil    when the vendor's subscription lapses unless renewed (it is renewed well before)
 * @param lastNotificationAt when the vendor last notified us
 * @param lastError          why the latest subscribe or renew did not succeed
 * @param remediation        what to do about it
 */
public record WebhookStatus(String state, Instant subscribedUntil, Instant lastNotificationAt, String lastError,
                            String remediation) {
}
