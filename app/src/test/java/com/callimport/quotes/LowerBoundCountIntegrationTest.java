package com.callimport.quotes;

import static com.callimport.testfixtures.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connectors.fathom.FathomSimulator;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A vendor that cannot be counted within the counting budget: the customer is told "at least", and neither a
 * percent nor an exact price is computed on the guess. The service's clock moves a minute at every reading, so
 * that counting outlasts its budget after one page without the test waiting.
 */
@EngineIntegrationTest
@TestPropertySource(properties = "callimport.test.database=lowerbound")
class LowerBoundCountIntegrationTest {
    private static final FathomSimulator FATHOM = FathomSimulator.start();
    private static final DateWindow WINDOW = new DateWindow(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-08T00:00:00Z"));

    @DynamicPropertySource
    static void simulator(DynamicPropertyRegistry registry) {
        registry.add("callimport.platforms.fathom.base-url", () -> FATHOM.baseUrl().toString());
        registry.add("callimport.rate-budgets", () -> "false");
    }

    @TestConfiguration
    static class HurriedClock {
        @Bean
        @Primary
        Clock hurriedClock() {
            AtomicLong readings = new AtomicLong();
            Instant start = Instant.parse("2026-06-01T00:00:00Z");
            return new Clock() {
                @Override
                public Instant instant() {
                    return start.plus(Duration.ofMinutes(readings.incrementAndGet()));
                }

                @Override
                public ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(ZoneId zone) {
                    return this;
                }
            };
        }
    }

    @AfterAll
    static void stop() {
        FATHOM.close();
    }

    @LocalServerPort
    int port;

    @Test
    void aLowerBoundIsQuotedAsAtLeastAndTheRunShowsCountsWithoutAPercent() {
        FATHOM.seed(30, WINDOW, CallMix.TYPICAL, 5);
        FATHOM.usePageSize(2);
        ApiClient customer = ApiClient.at(port, "test-bootstrap-token").newOrganization("Acme Lower Bound");
        String connection = customer.post("/api/connections", json("platform", "fathom",
                "credentials", Map.of("apiKey", FathomSimulator.API_KEY))).text("id");

        JsonNode preview = customer.post("/api/connections/" + connection + "/preview",
                json("from", WINDOW.from().toString(), "to", WINDOW.to().toString())).json();
        JsonNode run = customer.post("/api/import-runs", json("connectionId", connection, "from", WINDOW.from().toString(),
                "to", WINDOW.to().toString(), "start", false)).json();

        assertThat(preview.get("exactCount").asBoolean()).isFalse();
        assertThat(preview.get("calls").asLong()).isPositive().isLessThan(30);
        assertThat(preview.get("quote").get("atLeast").asBoolean()).isTrue();
        assertThat(run.get("expectedCallsExact").asBoolean()).isFalse();
        assertThat(run.get("expectedCalls").asLong()).isPositive().isLessThan(30);
        assertThat(run.path("percentDone").isMissingNode() || run.path("percentDone").isNull()).as("no percent of a guess").isTrue();
    }
}
