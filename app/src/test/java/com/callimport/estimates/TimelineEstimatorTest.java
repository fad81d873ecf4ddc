package com.callimport.estimates;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connector.Capability;
import com.callimport.connector.DateWindow;
import com.callimport.connector.ListingCost;
import com.callimport.connector.RateLimit;
import com.callimport.imports.ImportRun;
import com.callimport.imports.ImportRunState;
import com.callimport.organizations.OrganizationId;
import com.callimport.testfixtures.DeclaredConnector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimelineEstimatorTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    // Gong's shape: 3/s and 10,000/day, two requests per page of 100
    private static final DeclaredConnector GONG_LIKE = new DeclaredConnector("gong-like", Set.of(Capability.METADATA),
            List.of(RateLimit.perSecond(3), RateLimit.perDay(10_000)), new ListingCost(100, 2, 0));
    private static final DateWindow FIFTY_DAYS = new DateWindow(NOW.minus(Duration.ofDays(50)), NOW);
    private static final TimelineProperties NO_MEDIA = new TimelineProperties(Duration.ZERO, 1_000_000, 0, 50, 10);

    private static ImportRun finished(long calls, double runningSeconds) {
        return new ImportRun(UUID.randomUUID(), OrganizationId.random(), UUID.randomUUID(), ImportRun.Kind.BACKFILL, FIFTY_DAYS, ImportRunState.SUCCEEDED,
                null, OptionalLong.of(calls), new ImportRun.Counts(calls, calls, 0, 0, 0, 0), 0, NOW, NOW, null, runningSeconds, NOW);
    }

    @Test
    void aBudgetBoundImportTakesItsRequestsAtTheVendorsRate() {
        var estimator = new TimelineEstimator(NO_MEDIA, (platform, limit) -> List.of(), CLOCK);

        TimelineEstimate estimate = estimator.estimate(GONG_LIKE, 10_000, FIFTY_DAYS);

        // 100 full pages make 12 slices of ~833 calls: 9 pages × 2 requests each, plus the count = 217 requests,
        // the first at once and the others one every 1.1 s / 3
        assertThat(estimate.vendorRequests()).isEqualTo(217);
        assertThat(estimate.expected()).isEqualTo(Duration.ofMillis(79_200));
        assertThat(estimate.band()).isEqualTo("same day");
        assertThat(estimate.expectedFinish()).isEqualTo(NOW.plus(estimate.expected()));
    }

    @Test
    void recordingDownloadsBoundAnImportWithLargeMedia() {
        var estimator = new TimelineEstimator(new TimelineProperties(Duration.ZERO, 1_000_000, 20, 50, 10),
                (platform, limit) -> List.of(), CLOCK);

        TimelineEstimate estimate = estimator.estimate(GONG_LIKE, 200_000, FIFTY_DAYS);

        assertThat(estimate.expected()).isEqualTo(Duration.ofSeconds(80_000));
        assertThat(estimate.band()).isEqualTo("1–3 days");
        assertThat(estimate.basis()).contains("downloading");
    }

    @Test
    void pastRunsOfThePlatformCalibrateTheEstimate() {
        // past imports took twice what the model predicted (10,000 calls: 79.2 s predicted)
        var estimator = new TimelineEstimator(NO_MEDIA, (platform, limit) -> List.of(finished(10_000, 158.4)), CLOCK);

        TimelineEstimate estimate = estimator.estimate(GONG_LIKE, 10_000, FIFTY_DAYS);

        assertThat(estimate.expected()).isEqualTo(Duration.ofMillis(158_400));
        assertThat(estimate.basis()).contains("×2.00");
    }

    @Test
    void aRunningImportSlowedByRateLimitsIsPushedOutByItsOwnPace() {
        var estimator = new TimelineEstimator(NO_MEDIA, (platform, limit) -> List.of(), CLOCK);
        // 2,000 of 10,000 calls in 100 s of running: 20 calls/s, far below what the budget allows
        ImportRun running = new ImportRun(UUID.randomUUID(), OrganizationId.random(), UUID.randomUUID(), ImportRun.Kind.BACKFILL, FIFTY_DAYS,
                ImportRunState.RUNNING, null, OptionalLong.of(10_000), new ImportRun.Counts(2_000, 2_000, 0, 0, 0, 0), 12,
                NOW, NOW.minusSeconds(100), NOW, 100, null);

        TimelineEstimate remaining = estimator.remaining(GONG_LIKE, running);

        assertThat(remaining.expected()).isEqualTo(Duration.ofSeconds(400));
        assertThat(remaining.basis()).contains("pace");
    }

    @Test
    void theBandsReadAsACustomerWouldSayThem() {
        assertThat(TimelineEstimate.band(Duration.ofHours(8))).isEqualTo("same day");
        assertThat(TimelineEstimate.band(Duration.ofHours(9))).isEqualTo("1–3 days");
        assertThat(TimelineEstimate.band(Duration.ofDays(5))).isEqualTo("3–7 days");
        assertThat(TimelineEstimate.band(Duration.ofDays(8))).isEqualTo("more than a week");
    }

    @Test
    void findsHowManyCallsFitInADay() {
        var estimator = new TimelineEstimator(NO_MEDIA, (platform, limit) -> List.of(), CLOCK);

        long calls = estimator.callsWithin(GONG_LIKE, Duration.ofHours(8), FIFTY_DAYS);

        assertThat(estimator.estimate(GONG_LIKE, calls, FIFTY_DAYS).expected()).isLessThanOrEqualTo(Duration.ofHours(8));
        assertThat(estimator.estimate(GONG_LIKE, calls + 1, FIFTY_DAYS).expected()).isGreaterThan(Duration.ofHours(8));
    }
}
