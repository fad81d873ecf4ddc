package com.callimport.connectors.http;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-06-01T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void readsADelayInSeconds() {
        assertThat(RetryAfter.parse("30", clock)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void readsAnHttpDateRelativeToTheClock() {
        assertThat(RetryAfter.parse("Mon, 01 Jun 2026 10:01:30 GMT", clock)).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void waitsOneSecondWhenTheVendorSaysNothingReadable() {
        assertThat(RetryAfter.parse(null, clock)).isEqualTo(Duration.ofSeconds(1));
        assertThat(RetryAfter.parse("soon", clock)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void neverWaitsANegativeTime() {
        assertThat(RetryAfter.parse("Mon, 01 Jun 2026 09:00:00 GMT", clock)).isZero();
    }

    @Test
    void fallsBackToRateLimitResetWhenThereIsNoRetryAfter() {
        assertThat(RetryAfter.parse(null, "42", clock)).isEqualTo(Duration.ofSeconds(42));
        assertThat(RetryAfter.parse(null, Long.toString(clock.instant().getEpochSecond() + 20), clock))
                .as("an epoch second").isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void prefersRetryAfterOverRateLimitReset() {
        assertThat(RetryAfter.parse("7", "42", clock)).isEqualTo(Duration.ofSeconds(7));
    }
}
