package com.callimport.connector;

/**
 * What importing costs in vendor API requests, for timeline estimates: listing a window takes pages
 * of up to {@code callsPerPage} calls, each page {@code requestsPerPage} requests (the listing itself
 * plus per-page batches such as transcripts), and every call {@code requestsPerCall} more (details,
 * transcripts, media links or downloads fetched one call at a time, each through a permit). An empty
 * window still costs one request.
 *
 * <p>Counting before an import ({@link CallSource#countCalls}) costs one request where the vendor reports
 * a total ({@code callsPerCountingPage} 0), or one request per {@code callsPerCountingPage} calls where
 * the connector must page to count. {@code group} names the vendor request group
 * ({@link Connector#rateLimitGroups()}) these requests draw from, or is null for the account's budget
 * ({@link Connector#rateLimits()}); the estimator paces the requests by that group's limits.
 */
public record ListingCost(int callsPerPage, double requestsPerPage, double requestsPerCall, int callsPerCountingPage,
                          String group) {
    public ListingCost {
        if (callsPerPage < 1) {
            throw new IllegalArgumentException("a page holds at least one call, not " + callsPerPage);
        }
        if (requestsPerPage < 1) {
            throw new IllegalArgumentException("a page costs at least one request, not " + requestsPerPage);
        }
        if (requestsPerCall < 0) {
            throw new IllegalArgumentException("requests per call cannot be negative: " + requestsPerCall);
        }
        if (callsPerCountingPage < 0) {
            throw new IllegalArgumentException("calls per counting page cannot be negative: " + callsPerCountingPage);
        }
    }

    /** A cost in the account's budget, for a vendor that reports a total in one request. */
    public ListingCost(int callsPerPage, double requestsPerPage, double requestsPerCall) {
        this(callsPerPage, requestsPerPage, requestsPerCall, 0, null);
    }

    /** The same cost, for a connector that counts by paging {@code calls} a page. */
    public ListingCost countedInPagesOf(int calls) {
        return new ListingCost(callsPerPage, requestsPerPage, requestsPerCall, calls, group);
    }

    /** The same cost, drawn from the vendor's request group {@code name}. */
    public ListingCost inGroup(String name) {
        return new ListingCost(callsPerPage, requestsPerPage, requestsPerCall, callsPerCountingPage, name);
    }

    /** The requests an import of {@code calls} spread evenly over {@code windows} listing windows makes. */
    public long requestsFor(long calls, long windows) {
        if (windows < 1) {
            throw new IllegalArgumentException("an import lists at least one window, not " + windows);
        }
        long pagesPerWindow = Math.max(1, (long) Math.ceil((double) calls / windows / callsPerPage));
        long emptyWindows = Math.max(0, windows - calls);
        long listedWindows = windows - emptyWindows;
        // an empty window answers in one request; a listed one costs its pages in full
        return (long) Math.ceil(emptyWindows + listedWindows * pagesPerWindow * requestsPerPage + calls * requestsPerCall);
    }

    /** The requests one count of a window holding {@code calls} makes. */
    public long countingRequests(long calls) {
        return callsPerCountingPage == 0 ? 1 : Math.max(1, (long) Math.ceil((double) calls / callsPerCountingPage));
    }
}
