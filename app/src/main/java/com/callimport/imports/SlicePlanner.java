package com.callimport.imports;

import com.callimport.connector.DateWindow;
import com.callimport.connector.ListingCost;
import java.time.Duration;
import java.util.List;

/**
 * The one place that decides how an import's window is cut into slices (the units that workers share and that
 * each keep their own checkpoint). Slices are sized by the account's call density, not by the calendar: every
 * slice holds about {@value #PAGES_PER_SLICE} of the vendor's full pages by the vendor's own count, so that a
 * sparse year lists in a few slices and a dense month in many. A slice can add at most one partly filled page
 * (or one empty listing) to what the vendor's page size allows, so the requests stay within
 * 1 + 1/{@value #PAGES_PER_SLICE} of that minimum however the calls are spread over the window.
 */
public final class SlicePlanner {
    /** Full pages per slice: fewer slices waste less on partial pages, more let more workers share the run. */
    static final int PAGES_PER_SLICE = 8;
    /** Enough slices for every worker of a few instances; also keeps planning a decade instant. */
    static final int MOST_SLICES = 256;

    private SlicePlanner() {
    }

    /**
     * Consecutive slices covering exactly {@code window}, for {@code expectedCalls} calls (the vendor's count
     * before the run; a lower bound when the count was cut short) listed at {@code cost}.
     */
    public static List<DateWindow> plan(DateWindow window, long expectedCalls, ListingCost cost) {
        long slices = sliceCount(window, expectedCalls, cost);
        // whole seconds, rounded up: a boundary between two slices is then exact at every vendor's resolution
        long nanos = window.length().toNanos();
        long seconds = Math.max(1, (nanos + slices * 1_000_000_000L - 1) / (slices * 1_000_000_000L));
        return window.slices(Duration.ofSeconds(seconds));
    }

    /** How many slices {@link #plan} cuts; for estimates, which need the count and not the windows. */
    public static int sliceCount(DateWindow window, long expectedCalls, ListingCost cost) {
        long fullPages = Math.max(0, expectedCalls) / cost.callsPerPage();
        long slices = Math.max(1, Math.min(MOST_SLICES, fullPages / PAGES_PER_SLICE));
        // a slice is at least a second long: vendors filter by timestamps of that resolution
        return (int) Math.max(1, Math.min(slices, window.length().toSeconds()));
    }
}
