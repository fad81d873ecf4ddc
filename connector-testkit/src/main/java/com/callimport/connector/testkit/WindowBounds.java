package com.callimport.connector.testkit;

import java.time.Instant;

/**
 * How a vendor may read the two ends of a time filter it does not document precisely, so that a simulator can
 * apply each reading and the contract suite can check that adjacent windows still cover every call exactly once.
 */
public enum WindowBounds {
    /** {@code from ≤ t < to}: the engine's own reading, and Gong's documented one. */
    HALF_OPEN,
    /** {@code from < t < to}: "after" and "before" read as their names say. */
    STRICT,
    /** {@code from ≤ t ≤ to}: both ends included. */
    INCLUSIVE;

    /** Whether a vendor reading the filter this way returns a call at {@code time}; a null bound is open. */
    public boolean admits(Instant time, Instant from, Instant to) {
        boolean afterFrom = from == null || (this == STRICT ? time.isAfter(from) : !time.isBefore(from));
        boolean beforeTo = to == null || (this == INCLUSIVE ? !time.isAfter(to) : time.isBefore(to));
        return afterFrom && beforeTo;
    }
}
