package com.callimport.connectors.zoomphone;

import com.callimport.connector.RateLimit;

import java.util.List;

/**
 * Zoom's rate-limit labels, which every Phone API operation carries in its description ("Rate Limit Label"). Zoom counts
 * them per account, shared by every app the account has authorized, per second, and the Heavy label also per day.
 * Figures for Business and Enterprise accounts, the plans Zoom Phone's API requires (Zoom docs: rate-limits; Pro accounts
 * have half of each).
 */
enum ZoomPhoneRateGroup {
    LIGHT("Light", List.of(RateLimit.perSecond(40))),
    MEDIUM("Medium", List.of(RateLimit.perSecond(20))),
    // Zoom docs: the daily cap is shared by Heavy and Resource-intensive requests of the whole account
    HEAVY("Heavy", List.of(RateLimit.perSecond(10), RateLimit.perDay(30_000)));

    private final String vendorName;
    private final List<RateLimit> limits;

    ZoomPhoneRateGroup(String vendorName, List<RateLimit> limits) {
        this.vendorName = vendorName;
        this.limits = limits;
    }

    /** The label as Zoom writes it, and as the engine's permits know the group. */
    String vendorName() {
        return vendorName;
    }

    List<RateLimit> limits() {
        return limits;
    }
}
