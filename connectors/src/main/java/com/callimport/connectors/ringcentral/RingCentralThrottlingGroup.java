package com.callimport.connectors.ringcentral;

import com.callimport.connector.RateLimit;

import java.time.Duration;

/**
 * RingCentral's usage-plan groups ({@code x-throttling-group} on every operation of its OpenAPI document),
 * each limited per authorizing user and app over a sliding 60 s window. A request over the limit gets 429
 * and starts a 60 s penalty that every further request in the group restarts, so the engine must wait the
 * whole Retry-After rather than probe. Source: developers.ringcentral.com/guide/basics/rate-limits (default plan).
 */
enum RingCentralThrottlingGroup {
    LIGHT("Light", 50),
    MEDIUM("Medium", 40),
    HEAVY("Heavy", 10),
    AUTH("Auth", 5);

    static final Duration WINDOW = Duration.ofSeconds(60);
    static final Duration PENALTY = Duration.ofSeconds(60);

    private final String vendorName;
    private final int requestsPerWindow;

    RingCentralThrottlingGroup(String vendorName, int requestsPerWindow) {
        this.vendorName = vendorName;
        this.requestsPerWindow = requestsPerWindow;
    }

    /** The group's name as RingCentral writes it, and as the engine's permits know it. */
    String vendorName() {
        return vendorName;
    }

    int requestsPerWindow() {
        return requestsPerWindow;
    }

    RateLimit rateLimit() {
        return new RateLimit(requestsPerWindow, WINDOW);
    }
}
