package com.callimport.connector;

import java.time.Duration;

/**
 * The engine's gate in front of a vendor account's rate budget. A connector calls
 * {@link #awaitPermit()} immediately before every request it sends to the vendor's API (not before
 * downloads from pre-signed storage URLs, which the vendor does not count). The call blocks, in the
 * engine, until the shared budget allows one more request. When the vendor answers 429 anyway, the
 * connector reports it with {@link #refused(Duration)} before throwing
 * {@link ConnectorException.RateLimited}, so that every worker of the account waits, not only this one.
 */
@FunctionalInterface
public interface RequestPermits {

    /** A gate that never waits, for connection tests and contract tests without a budget. */
    RequestPermits UNLIMITED = () -> { };

    /** Waits for a permit from the account's budget ({@link Connector#rateLimits()}). */
    void awaitPermit() throws InterruptedException;

    /**
     * Waits for a permit from one of the vendor's named request groups ({@link Connector#rateLimitGroups()}),
     * e.g. RingCentral's "Heavy" group for the call log, and from the account's budget too
     * ({@link Connector#rateLimits()}, when the connector declares one: Fathom's heavy requests count against both).
     * A group the connector did not declare has no budget of its own; the account's budget applies.
     */
    default void awaitPermit(String group) throws InterruptedException {
        awaitPermit();
    }

    /**
     * Tells the engine that the vendor answered 429 to a request of the account's budget and asked for
     * {@code retryAfter} before the next one. Called on the connector's thread, right after the answer and
     * before the connector throws; returns at once. The engine holds the account's budget until then on
     * every instance and eases its pace.
     */
    default void refused(Duration retryAfter) {
    }

    /** As {@link #refused(Duration)}, for a request of the vendor's named request group {@code group}. */
    default void refused(String group, Duration retryAfter) {
        refused(retryAfter);
    }
}
