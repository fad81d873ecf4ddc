package com.callimport.connector;

/**
 * What importing costs in vendor API requests, for timeline estimates: listing a window takes pages
 * of up to {@code callsPerPage} calls, each page {@code requestsPerPage} requests (the listing itself
 * plus per-page batches such as transcripts), and every call {@code requestsPerCall} more (details,
 * transcripts or media links fetched one call at a time). An empty window still costs one request.
 */
public record ListingCost(int callsPerPage, double requestsPerPage, double requestsPerCall) {
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
}
