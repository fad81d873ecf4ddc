package com.callimport.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callimport.EngineProperties;
import com.callimport.connector.ConnectorException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VendorRetryTest {
    private final List<Duration> waits = new ArrayList<>();
    private final VendorRetry retry = new VendorRetry(
            new EngineProperties.Retry(4, Duration.ofSeconds(1), Duration.ofSeconds(8), 3, Duration.ofSeconds(5)), waits::add);

    @Test
    void waitsForTheRetryAfterTheVendorAsksBeforeTryingAgain() throws Exception {
        AtomicInteger attempts = new AtomicInteger();

        String answer = retry.send(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new ConnectorException.RateLimited(Duration.ofSeconds(30), "429");
            }
            return "page";
        }, VendorRetry.Observer.NONE);

        assertThat(answer).isEqualTo("page");
        assertThat(waits).containsExactly(Duration.ofSeconds(30));
    }

    @Test
    void retriesServerErrorsWithGrowingJitteredBackoffThenGivesUp() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> retry.send(() -> {
            attempts.incrementAndGet();
            throw new ConnectorException.TemporarilyUnavailable("503", null);
        }, VendorRetry.Observer.NONE)).isInstanceOf(ConnectorException.TemporarilyUnavailable.class);

        assertThat(attempts).hasValue(4);
        assertThat(waits).hasSize(3);
        assertThat(waits.get(0)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1500));
        assertThat(waits.get(2)).isGreaterThan(waits.get(0));
        assertThat(waits).allSatisfy(wait -> assertThat(wait).isLessThanOrEqualTo(Duration.ofSeconds(8)));
    }

    @Test
    void aRequestACustomerWaitsOnRetriesATransientFaultWithinItsBudget() throws Exception {
        AtomicInteger attempts = new AtomicInteger();

        String answer = retry.within(Duration.ofSeconds(5)).send(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new ConnectorException.TemporarilyUnavailable("503", null);
            }
            return "count";
        }, VendorRetry.Observer.NONE);

        assertThat(answer).isEqualTo("count");
        assertThat(waits).hasSize(1);
    }

    @Test
    void aRequestACustomerWaitsOnGivesUpRatherThanWaitBeyondItsBudget() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> retry.within(Duration.ofSeconds(5)).send(() -> {
            attempts.incrementAndGet();
            throw new ConnectorException.RateLimited(Duration.ofSeconds(30), "429");
        }, VendorRetry.Observer.NONE)).isInstanceOf(ConnectorException.RateLimited.class);
        assertThatThrownBy(() -> retry.within(Duration.ofSeconds(5)).send(() -> {
            throw new ConnectorException.TemporarilyUnavailable("503", null);
        }, VendorRetry.Observer.NONE)).isInstanceOf(ConnectorException.TemporarilyUnavailable.class);

        assertThat(attempts).hasValue(1);
        assertThat(waits.stream().reduce(Duration.ZERO, Duration::plus)).isLessThanOrEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void neverRetriesRefusedCredentials() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> retry.send(() -> {
            attempts.incrementAndGet();
            throw new ConnectorException.AuthenticationFailed("create a new key");
        }, VendorRetry.Observer.NONE)).isInstanceOf(ConnectorException.AuthenticationFailed.class);

        assertThat(attempts).hasValue(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void serverErrorsSeparatedByRateLimitsDoNotAddUpToAnOutage() throws Exception {
        AtomicInteger attempts = new AtomicInteger();

        // 503, 503, 429, 503, 503, 429, 503, 503, answer: never four server errors in a row
        String answer = retry.send(() -> {
            int attempt = attempts.incrementAndGet();
            if (attempt == 9) {
                return "recording";
            }
            if (attempt % 3 == 0) {
                throw new ConnectorException.RateLimited(Duration.ofSeconds(1), "429");
            }
            throw new ConnectorException.TemporarilyUnavailable("503", null);
        }, VendorRetry.Observer.NONE);

        assertThat(answer).isEqualTo("recording");
        assertThat(attempts).hasValue(9);
    }

    @Test
    void givesUpAfterTooMany429sInARow() {
        assertThatThrownBy(() -> retry.send(() -> {
            throw new ConnectorException.RateLimited(Duration.ofSeconds(2), "429");
        }, VendorRetry.Observer.NONE)).isInstanceOf(ConnectorException.RateLimited.class);

        assertThat(waits).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2));
    }
}
