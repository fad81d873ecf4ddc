package com.callimport.ratelimits;

import com.callimport.connector.RateLimit;
import java.time.Duration;

/**
 * The token bucket the engine gives one documented limit so that no window of the limit's length, wherever
 * it starts, ever holds more than the limit's requests: a bucket of {@code burst} tokens refilled greedily with
 * {@code refillTokens} per {@code refillPeriod} releases at most {@code burst + refillTokens} in any such window.
 * See docs/adr/0009-rolling-window-budgets-that-back-off.md.
 */
record BudgetShape(long burst, long refillTokens, Duration refillPeriod) {
    /** Windows of an hour or longer are quotas: half of one may go at once, the other half trickles in. */
    static final Duration QUOTA = Duration.ofHours(1);
    /** Every window keeps 5 % of its length (at least {@link #LEAST_MARGIN}) for network and scheduling jitter. */
    static final double JITTER_MARGIN = 1.05;
    /** On two busy cores a worker can wake tens of milliseconds late: a second-long window needs a tenth. */
    static final Duration LEAST_MARGIN = Duration.ofMillis(100);

    /** The jitter a window of the limit absorbs: how late a permitted request may still go out. */
    static Duration margin(RateLimit limit) {
        return Duration.ofNanos(Math.max((long) (limit.period().toNanos() * (JITTER_MARGIN - 1)), LEAST_MARGIN.toNanos()));
    }

    /**
     * @param pace the share of the limit's rate the account may use now (1 in steady state, less after a 429)
     */
    static BudgetShape of(RateLimit limit, double pace) {
        Duration stretched = Duration.ofNanos((long) Math.ceil((limit.period().toNanos() + margin(limit).toNanos()) / pace));
        if (limit.period().compareTo(QUOTA) < 0 || limit.requests() < 2) {
            // one request per period/N: any N + 1 consecutive requests span more than the period
            return new BudgetShape(1, limit.requests(), stretched);
        }
        long burst = limit.requests() / 2;
        return new BudgetShape(burst, limit.requests() - burst, stretched);
    }

    /** Requests per second once the burst is spent. */
    double sustainedRequestsPerSecond() {
        return refillTokens / (refillPeriod.toNanos() / 1e9);
    }
}
