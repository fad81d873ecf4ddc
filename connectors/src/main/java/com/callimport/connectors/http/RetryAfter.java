package com.callimport.connectors.http;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads a {@code Retry-After} header (RFC 9110: delay in seconds, or an HTTP-date), falling back to a
 * {@code RateLimit-Reset} header (IETF RateLimit fields draft: seconds until the window resets) for
 * vendors that send only that on a 429.
 */
final class RetryAfter {

    /** What to wait when a vendor answers 429 without saying how long. */
    static final Duration WHEN_ABSENT = Duration.ofSeconds(1);

    // no delay is this long; a value above it is a point in time
    private static final long EPOCH_SECONDS_THRESHOLD = 1_000_000_000L;

    private RetryAfter() {
    }

    /** The wait a 429 asks for: Retry-After when present, else RateLimit-Reset, else {@link #WHEN_ABSENT}. */
    static Duration parse(String retryAfter, String rateLimitReset, Clock clock) {
        if ((retryAfter == null || retryAfter.isBlank()) && rateLimitReset != null && !rateLimitReset.isBlank()) {
            try {
                long value = Long.parseLong(rateLimitReset.strip());
                // a few vendors send the reset as an epoch second rather than a delay
                long seconds = value > EPOCH_SECONDS_THRESHOLD ? value - clock.instant().getEpochSecond() : value;
                return seconds > 0 ? Duration.ofSeconds(seconds) : Duration.ZERO;
            } catch (NumberFormatException unreadable) {
                return WHEN_ABSENT;
            }
        }
        return parse(retryAfter, clock);
    }

    static Duration parse(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return WHEN_ABSENT;
        }
        String value = header.strip();
        try {
            long seconds = Long.parseLong(value);
            return seconds > 0 ? Duration.ofSeconds(seconds) : Duration.ZERO;
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(clock.instant(),
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException unreadable) {
                return WHEN_ABSENT;
            }
        }
    }
}
