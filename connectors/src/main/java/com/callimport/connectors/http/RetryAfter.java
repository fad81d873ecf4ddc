package com.callimport.connectors.http;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads a {@code Retry-After} header (RFC 9110: delay in seconds, or an HTTP-date). */
final class RetryAfter {

    /** What to wait when a vendor answers 429 without saying how long. */
    static final Duration WHEN_ABSENT = Duration.ofSeconds(1);

    private RetryAfter() {
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
