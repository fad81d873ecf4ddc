package com.callimport.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connector.DateWindow;
import com.callimport.connector.ListingCost;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SlicePlannerTest {
    private static final Instant END = Instant.parse("2026-06-01T00:00:00Z");
    private static final DateWindow A_YEAR = new DateWindow(END.minus(Duration.ofDays(366)), END);
    /** Gong: pages of 100 calls, a listing and a transcript batch per page. */
    private static final ListingCost GONG = new ListingCost(100, 2, 0);

    @Test
    void aSparseYearIsListedInAFewSlicesNotOnePerDay() {
        List<DateWindow> slices = SlicePlanner.plan(A_YEAR, 2_000, GONG);

        // 20 full pages: 2 slices of 10 pages, 40 requests at Gong's page size, ≤ 44 however the calls are spread
        assertThat(slices).hasSize(2);
        assertThat(GONG.requestsFor(2_000, slices.size())).isEqualTo(40);
    }

    @Test
    void aDenseAccountIsSplitSoThatSeveralWorkersShareTheRun() {
        assertThat(SlicePlanner.plan(A_YEAR, 200_000, GONG)).hasSize(250);
    }

    @Test
    void aWindowWithoutCallsIsOneListing() {
        assertThat(SlicePlanner.plan(A_YEAR, 0, GONG)).containsExactly(A_YEAR);
    }

    @Test
    void slicesCoverTheWindowExactlyOnWholeSeconds() {
        DateWindow window = new DateWindow(Instant.parse("2026-01-01T00:00:00.250Z"), Instant.parse("2026-02-13T07:11:09.500Z"));

        List<DateWindow> slices = SlicePlanner.plan(window, 7_777, GONG);

        assertThat(slices.getFirst().from()).isEqualTo(window.from());
        assertThat(slices.getLast().to()).isEqualTo(window.to());
        for (int i = 1; i < slices.size(); i++) {
            assertThat(slices.get(i).from()).isEqualTo(slices.get(i - 1).to());
            assertThat(Duration.between(window.from(), slices.get(i).from()).toNanos() % 1_000_000_000L).isZero();
        }
    }

    @Test
    void tenYearsOfADenseAccountArePlannedInWellUnderASecond() {
        DateWindow decade = new DateWindow(END.minus(Duration.ofDays(3_653)), END);
        long started = System.nanoTime();

        List<DateWindow> slices = SlicePlanner.plan(decade, 50_000_000, GONG);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(200));
        assertThat(slices).hasSize(SlicePlanner.MOST_SLICES);
    }

    /** Gong, Fathom, Grain and RingCentral's listing costs, sparse to dense: never above 1.2 × the page-size minimum. */
    @ParameterizedTest
    @CsvSource({"100,2,0", "10,1.08,1", "50,1,2", "1000,1,0.9"})
    void requestsStayWithinATenthOrSoOfWhatThePageSizeAllows(int callsPerPage, double requestsPerPage, double requestsPerCall) {
        ListingCost cost = new ListingCost(callsPerPage, requestsPerPage, requestsPerCall);
        for (long calls : new long[] {1, 9, 99, 100, 101, 799, 1_601, 2_000, 20_000, 123_457, 5_000_000}) {
            int slices = SlicePlanner.sliceCount(A_YEAR, calls, cost);
            double minimum = Math.ceil((double) calls / callsPerPage) * requestsPerPage + calls * requestsPerCall;
            // the worst spread: every slice but the fullest ends in a partly filled page
            double worst = minimum + (slices - 1) * requestsPerPage;
            assertThat(worst / minimum).as("%d calls in %d slices", calls, slices).isLessThanOrEqualTo(1.2);
        }
    }
}
