package com.callimport.connector;

/**
 * The engine's gate in front of a vendor account's rate budget. A connector calls
 * {@link #awaitPermit()} immediately before every request it sends to the vendor's API (not before
 * downloads from pre-signed storage URLs, which the vendor does not count). The call blocks, in the
 * engine, until the shared budget allows one more request.
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
}
