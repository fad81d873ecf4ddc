package com.callimport.connector.testkit;

import com.callimport.connector.DateWindow;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A running, stateful stand-in for one vendor's API, as much of it as the vendor's connector uses.
 * The contract suite drives it through this interface only; each simulator adds its vendor's own
 * knobs on top. Implementations are thread-safe: fault hooks may be armed while requests are served.
 */
public interface VendorSimulator extends AutoCloseable {

    /** The address a connector uses as its base URL (the override in its connection context). */
    URI baseUrl();

    /** Forgets every seeded call, armed fault and counter, as if freshly started. */
    void reset();

    /**
     * Replaces the vendor's calls with {@code calls} calls spread over {@code window}, deterministic
     * for a given {@code randomSeed}.
     *
     * @return what was seeded, in start order
     */
    List<SeededCall> seed(int calls, DateWindow window, CallMix mix, long randomSeed);

    /** How many calls one listing page holds from now on, so that a few calls span several pages. */
    void usePageSize(int calls);

    /** The SHA-256 (lower-case hex) of the recording the simulator serves for a call. */
    String recordingSha256(String vendorCallId);

    /** How many requests reached the vendor's API (not counting recording downloads from storage). */
    long apiRequestsReceived();

    /** Answers every API request with the vendor's authentication failure while {@code reject} holds. */
    void rejectCredentials(boolean reject);

    /** Answers the next API request with 429 and a {@code Retry-After} of {@code retryAfter}. */
    void rateLimitNextRequest(Duration retryAfter);

    /** Answers the next API request with a server error of {@code status} (5xx). */
    void failNextRequest(int status);

    /** Sends the next recording with its full Content-Length but closes the connection half-way. */
    void truncateNextRecording();

    /**
     * Reads the ends of the vendor's time filter as {@code bounds} from now on (until {@link #reset()}), for vendors
     * whose documents leave it open; {@link WindowBounds#HALF_OPEN} by default.
     */
    void readWindowBoundsAs(WindowBounds bounds);

    /** Stops serving. */
    @Override
    void close();
}
