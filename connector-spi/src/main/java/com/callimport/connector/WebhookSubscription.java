package com.callimport.connector;

import java.time.Instant;
import java.util.Objects;

/** A vendor's webhook subscription: its id at the vendor and when it lapses unless renewed. */
public record WebhookSubscription(String id, Instant expiresAt) {
    public WebhookSubscription {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
