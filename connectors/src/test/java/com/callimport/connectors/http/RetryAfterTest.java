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
}
