package com.callimport.connector;

/**
 * How many calls a vendor reports in a window.
 *
 * @param calls the number of calls, before the connector's own exclusions (e.g. private calls)
 * @param exact whether the vendor reported the total, or it is a lower bound from counted pages
 */
public record CallCount(long calls, boolean exact) {
    public CallCount {
        if (calls < 0) {
            throw new IllegalArgumentException("a call count cannot be negative: " + calls);
        }
    }
}
