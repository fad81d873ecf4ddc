package com.callimport.connector;

import java.time.Duration;
import java.util.Objects;

/**
 * One documented vendor limit: at most {@code requests} per {@code period} for one vendor account,
 * e.g. Gong's 3 per second and 10,000 per day.
 */
public record RateLimit(long requests, Duration period) {
    public RateLimit {
        Objects.requireNonNull(period, "period");
        if (requests < 1) {
            throw new IllegalArgumentException("a rate limit allows at least one request, not " + requests);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a rate limit's period must be positive, not " + period);
        }
    }

    public static RateLimit perSecond(long requests) {
        return new RateLimit(requests, Duration.ofSeconds(1));
    }

    public static RateLimit perMinute(long requests) {
        return new RateLimit(requests, Duration.ofMinutes(1));
    }

    public static RateLimit perDay(long requests) {
        return new RateLimit(requests, Duration.ofDays(1));
    }

    /** Requests per second this limit sustains over its period. */
    public double sustainedRequestsPerSecond() {
        return requests / (period.toNanos() / 1e9);
    }
}
