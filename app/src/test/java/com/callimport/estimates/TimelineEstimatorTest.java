package com.callimport.estimates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.callimport.connector.CallCount;
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
import java.util.Map;
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
    // a worker handles 135 calls a second between a slice's requests, as measured; recordings cost nothing
    private static final TimelineProperties NO_MEDIA = new TimelineProperties(Duration.ZERO, 1_000_000, 135, 0, 50, 10);

    private static ImportRun finished(long calls, double runningSeconds) {
        return finished(calls, 0, runningSeconds);
    }

    private static ImportRun finished(long calls, long vendorRequests, double runningSeconds) {
        return new ImportRun(UUID.randomUUID(), OrganizationId.random(), UUID.randomUUID(), ImportRun.Kind.BACKFILL, FIFTY_DAYS, ImportRunState.SUCCEEDED,
                null, OptionalLong.of(calls), true, OptionalLong.empty(), new ImportRun.Counts(calls, calls, 0, 0, 0, 0), 0, vendorRequests,
                NOW, NOW, null, runningSeconds, NOW);
    }

    @Test
    void aBudgetBoundImportTakesItsRequestsAtTheVendorsRate() {
        var estimator = new TimelineEstimator(NO_MEDIA, (platform, limit) -> List.of(), CLOCK);

        TimelineEstimate estimate = estimator.estimate(GONG_LIKE, 10_000, FIFTY_DAYS);

        // 100 full pages make 12 slices of ~833 calls: 9 pages × 2 requests each = 216 requests (the run reuses the
        // preview's count), the first at once and the others one every 1.1 s / 3
        assertThat(estimate.vendorRequests()).isEqualTo(216);
        assertThat(estimate.expected()).isEqualTo(Duration.ofMillis(78_834));
        assertThat(estimate.band()).isEqualTo("same day");
        assertThat(estimate.expectedFinish()).isEqualTo(NOW.plus(estimate.expected()));
    }

    @Test
    void aFiveThousandCallGongShapedImportIsModelledAt108RequestsPacedByTheBudget() {
        var estimator = new TimelineEstimator(NO_MEDIA, (platform, limit) -> List.of(), CLOCK);

        TimelineEstimate estimate = estimator.estimate(GONG_LIKE, 5_000, FIFTY_DAYS);

        // 6 slices of ~834 calls, 9 pages of 2 requests each, as the Gong simulator received them (54 listing pages, 54
        // transcript batches); each slice's own work (9 pages, 834 calls at 135 a second: 9.1 s) hides behind the budget
        assertThat(estimate.vendorRequests()).isEqualTo(108);
        assertThat(estimate.expected()).isEqualTo(Duration.ofMillis(39_234));
        assertThat(estimate.basis()).isEqualTo("108 vendor requests within the vendor's rate budget");
    }

    @Test
    void aThousandCallGongShapedImportIsOneSliceWhoseWorkerWorkSitsBetweenItsRequests() {
        var estimator = new TimelineEstimator(NO_MEDIA, (platform, limit) -> List.of(), CLOCK);

        TimelineEstimate estimate = estimator.estimate(GONG_LIKE, 1_000, FIFTY_DAYS);

        // one slice of 10 pages, 20 requests: the budget alone would allow 7.0 s, but each page's 100 calls are handled
        // (0.74 s) before the next page is listed, whose first request then finds its permit waiting: 10 requests
        // waited for (3.3 s) plus 1,000 calls at 135 a second (7.4 s)
        assertThat(estimate.vendorRequests()).isEqualTo(20);
        assertThat(estimate.expected().toMillis()).isCloseTo(3_300 + 7_407, within(2L));
        assertThat(estimate.basis()).isEqualTo("20 vendor requests in 1 part, each listed page by page");
    }

    @Test
    void aSliceWhosePerCallRequestsOutlastItsWorkIsPacedByTheBudgetAlone() {
        // a Fathom-like shape: 10 calls a page, a request per call, 30 a minute
        var perCall = new DeclaredConnector("per-call-like", Set.of(Capability.METADATA), List.of(RateLimit.perMinute(30)),
                new ListingCost(10, 1, 1));
        var estimator = new TimelineEstimator(NO_MEDIA, (platform, limit) -> List.of(), CLOCK);

        TimelineEstimate estimate = estimator.estimate(perCall, 120, FIFTY_DAYS);

        // 12 pages + 120 calls = 132 requests in one slice, one every 63 s / 30: the worker's 0.9 s hide between them
        assertThat(estimate.vendorRequests()).isEqualTo(132);
        assertThat(estimate.expected()).isEqualTo(Duration.ofMillis(131 * 2_100));
    }

    @Test
    void recordingDownloadsBoundAnImportWithLargeMedia() {
        var estimator = new TimelineEstimator(new TimelineProperties(Duration.ZERO, 1_000_000, 135, 20, 50, 10),
                (platform, limit) -> List.of(), CLOCK);

        TimelineEstimate estimate = estimator.estimate(GONG_LIKE, 200_000, FIFTY_DAYS);

        assertThat(estimate.expected()).isEqualTo(Duration.ofSeconds(80_000));
        assertThat(estimate.band()).isEqualTo("1–3 days");
        assertThat(estimate.basis()).contains("downloading");
    }

    @Test
    void pastRunsOfThePlatformCalibrateTheEstimate() {
        // past imports took twice what the model predicted (10,000 calls: 78.834 s predicted)
        var estimator = new TimelineEstimator(NO_MEDIA, (platform, limit) -> List.of(finished(10_000, 157.668)), CLOCK);

        TimelineEstimate estimate = estimator.estimate(GONG_LIKE, 10_000, FIFTY_DAYS);

        assertThat(estimate.expected()).isEqualTo(Duration.ofMillis(157_668));
        assertThat(estimate.basis()).contains("×2.00");
    }

    @Test
    void calibrationLearnsThePaceFromTheRequestsAPastRunReallyMade() {
        // a past run of 10,000 calls made 301 requests (retries after refusals, say), not the model's 216: the budget
        // allows them in 110 s and it took 220 s, half the budget's pace (on the model's 216 it would read as ×2.79)
        var estimator = new TimelineEstimator(NO_MEDIA, (platform, limit) -> List.of(finished(10_000, 301, 220)), CLOCK);

        TimelineEstimate estimate = estimator.estimate(GONG_LIKE, 10_000, FIFTY_DAYS);

        assertThat(estimate.expected().toMillis()).isCloseTo(2 * 78_834, within(3L));
        assertThat(estimate.basis()).contains("×2.00");
    }

    @Test
    void aShortPastRunMadeOfFixedWaitsDoesNotScaleTheEstimate() {
        // 300 calls are a few seconds of budget; the 20 s it ran were job pick-up and the first page
        var estimator = new TimelineEstimator(NO_MEDIA, (platform, limit) -> List.of(finished(300, 20)), CLOCK);

        TimelineEstimate estimate = estimator.estimate(GONG_LIKE, 10_000, FIFTY_DAYS);

        assertThat(estimate.expected()).isEqualTo(Duration.ofMillis(78_834));
        assertThat(estimate.basis()).doesNotContain("recent imports");
    }

    private static ImportRun running(long expected, boolean exact, long listed, double secondsRunning) {
        return new ImportRun(UUID.randomUUID(), OrganizationId.random(), UUID.randomUUID(), ImportRun.Kind.BACKFILL, FIFTY_DAYS,
                ImportRunState.RUNNING, null, OptionalLong.of(expected), exact, OptionalLong.empty(), new ImportRun.Counts(listed, listed, 0, 0, 0, 0), 12, 0,
                NOW, NOW.minusSeconds((long) secondsRunning), NOW, secondsRunning, null);
    }

    @Test
    void beforeAnyCallIsListedTheTimeLeftIsTheModelsLessTheTimeRunning() {
        var estimator = new TimelineEstimator(NO_MEDIA, (platform, limit) -> List.of(), CLOCK);

        TimelineEstimate fresh = estimator.remaining(GONG_LIKE, running(10_000, true, 0, 0)).orElseThrow();
        TimelineEstimate waiting = estimator.remaining(GONG_LIKE, running(10_000, true, 0, 10)).orElseThrow();

        // 216 requests without the count (12 slices of 9 pages × 2): one at once, 215 at 3 every 1.1 s
        assertThat(fresh.expected()).isEqualTo(Duration.ofMillis(78_834));
        assertThat(waiting.expected()).isEqualTo(Duration.ofMillis(68_834));
        assertThat(fresh.basis()).doesNotContain("pace");
    }

    @Test
    void halfwayThroughARunAQuarterOfTheEstimateComesFromItsOwnPace() {
        var estimator = new TimelineEstimator(NO_MEDIA, (platform, limit) -> List.of(), CLOCK);

        // 5,000 of 10,000 calls in 50 s: the pace says 100 s in all, the model 78.834 s
        TimelineEstimate remaining = estimator.remaining(GONG_LIKE, running(10_000, true, 5_000, 50)).orElseThrow();

        assertThat(remaining.expected()).isEqualTo(Duration.ofMillis(Math.round(78_834 * 0.75 + 100_000 * 0.25) - 50_000));
        assertThat(remaining.basis()).contains("25 % toward the pace");
    }

    @Test
    void theObservedPaceWeighsMoreAsTheRunProgresses() {
        Duration model = Duration.ofSeconds(800);
        Duration pace = Duration.ofSeconds(400);

        assertThat(TimelineEstimator.blend(model, pace, 0)).isEqualTo(model);
        assertThat(TimelineEstimator.blend(model, pace, 0.25)).isEqualTo(Duration.ofSeconds(700));
        assertThat(TimelineEstimator.blend(model, pace, 1)).isEqualTo(pace);
    }

    @Test
    void aRunThatOverranTheModelIsGivenTheTimeItsPaceSays() {
        // a model that assumes fast downloads; the run has done 1,000 of 2,000 calls in 500 s
        var estimator = new TimelineEstimator(NO_MEDIA, (platform, limit) -> List.of(), CLOCK);

        TimelineEstimate remaining = estimator.remaining(GONG_LIKE, running(2_000, true, 1_000, 500)).orElseThrow();

        assertThat(remaining.expected()).isEqualTo(Duration.ofSeconds(500));
    }

    @Test
    void aRunSlowerThanTheModelIsPushedOutByItsPaceAsItProgresses() {
        // model: 216 requests for 10,000 calls, 78.834 s; the run keeps 20 calls a second (500 s in all)
        var estimator = new TimelineEstimator(NO_MEDIA, (platform, limit) -> List.of(), CLOCK);

        Duration atTenPercent = estimator.remaining(GONG_LIKE, running(10_000, true, 1_000, 50)).orElseThrow().expected();
        Duration atNinetyPercent = estimator.remaining(GONG_LIKE, running(10_000, true, 9_000, 450)).orElseThrow().expected();

        // at 10 %: the 78.834 s model moved 1 % toward the pace's 500 s, less the 50 s spent (the model alone says 28.8 s)
        assertThat(atTenPercent).isEqualTo(Duration.ofMillis(Math.round(78_834 * 0.99 + 500_000 * 0.01) - 50_000));
        // at 90 %: the blend (417.5 s) is already overrun, so the pace decides
        assertThat(atNinetyPercent).isEqualTo(Duration.ofSeconds(50));
    }

    // a dialer's shape: everything in a Heavy group of 10 a minute, the count saw 40 recordings to download
    private static final DeclaredConnector DIALER_LIKE = new DeclaredConnector("dialer-like", Set.of(Capability.METADATA), List.of(),
            new ListingCost(1_000, 1, 0.6).countedInPagesOf(1_000).inGroup("Heavy"), Map.of("Heavy", List.of(RateLimit.perMinute(10))));

    private static ImportRun runningWithRequests(long expected, long requestsMade, double secondsRunning) {
        return new ImportRun(UUID.randomUUID(), OrganizationId.random(), UUID.randomUUID(), ImportRun.Kind.BACKFILL, FIFTY_DAYS,
                ImportRunState.RUNNING, null, OptionalLong.of(expected), true, OptionalLong.of(expected),
                ImportRun.Counts.NONE, 0, requestsMade, NOW, NOW.minusSeconds((long) secondsRunning), NOW, secondsRunning, null);
    }

    @Test
    void aPageWhoseDownloadsAreNearlyDoneCountsByTheRequestsMadeNotTheCallsCommitted() {
        var estimator = new TimelineEstimator(NO_MEDIA, (platform, limit) -> List.of(), CLOCK);

        // 41 requests (1 page + 40 downloads), one at once and 10 every 63 s: 252 s; 30 made on schedule at 182.7 s,
        // and no call committed yet, as the page is still in flight
        TimelineEstimate remaining = estimator.remaining(DIALER_LIKE, runningWithRequests(40, 30, 182.7)).orElseThrow();

        assertThat(remaining.expected().toMillis()).isCloseTo(252_000 - 182_700, within(3L));
        assertThat(remaining.basis()).contains("30 of 41 vendor requests made");
        assertThat(remaining.shareDone()).as("the bar moves with the requests, not the uncommitted calls").isEqualTo(30.0 / 41);
    }

    @Test
    void aBudgetBoundRunBehindItsScheduleIsStretchedByTheShareOfRequestsMade() {
        var estimator = new TimelineEstimator(NO_MEDIA, (platform, limit) -> List.of(), CLOCK);

        // the same 30 requests took twice the 182.7 s the budget allows (the vendor was slow): 69.3 s left by the budget,
        // stretched 1 + 30/41 × (2 − 1)
        Duration remaining = estimator.remaining(DIALER_LIKE, runningWithRequests(40, 30, 365.4)).orElseThrow().expected();

        assertThat(remaining.toMillis()).isCloseTo(Math.round(69_300 * (1 + 30.0 / 41)), within(2L));
    }

    @Test
    void givesNoTimeLeftWhenTheCountIsOnlyALowerBound() {
        var estimator = new TimelineEstimator(NO_MEDIA, (platform, limit) -> List.of(), CLOCK);

        assertThat(estimator.remaining(GONG_LIKE, running(500, false, 200, 100))).isEmpty();
    }

    @Test
    void aCountThatSawThePerCallRequestsIsEstimatedOnThemInTheConnectorsRequestGroup() {
        // a dialer's shape: everything in a Heavy group of 10 a minute, 0.6 downloads per call declared
        var dialer = new DeclaredConnector("dialer-like", Set.of(Capability.METADATA), List.of(),
                new ListingCost(1_000, 1, 0.6).countedInPagesOf(1_000).inGroup("Heavy"), Map.of("Heavy", List.of(RateLimit.perMinute(10))));
        var estimator = new TimelineEstimator(NO_MEDIA, (platform, limit) -> List.of(), CLOCK);
        DateWindow fiveDays = new DateWindow(NOW.minus(Duration.ofDays(5)), NOW);

        TimelineEstimate declared = estimator.estimate(dialer, new CallCount(30, true), fiveDays);
        TimelineEstimate seen = estimator.estimate(dialer, new CallCount(30, true, List.of(), OptionalLong.of(27)), fiveDays);

        // 30 calls make one slice: 1 page + 18 or 27 downloads (the run reuses the count); one at once, then 10 every 63 s
        assertThat(declared.vendorRequests()).isEqualTo(19);
        assertThat(seen.vendorRequests()).isEqualTo(28);
        assertThat(seen.expected().toMillis()).isCloseTo(27 * 63_000 / 10, within(2L));
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
