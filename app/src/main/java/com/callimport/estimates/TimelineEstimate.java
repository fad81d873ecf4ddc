package com.callimport.estimates;

import java.time.Duration;
import java.time.Instant;

/**
 * How long an import should take and when it should end.
 *
 * @param expected       the expected duration from start (or, for a running import, from now)
 * @param expectedFinish when it should end
 * @param band           the plain-language band a customer reads: "same day", "1–3 days", …
 * @param vendorRequests the vendor API requests the import needs
 * @param basis          what bounds it: the vendor's rate budget, recording downloads, or our own throughput,
 *                       and whether past runs calibrated it
 * @param shareDone      for a running import, the share of its work done (0–1) in the unit that bounds it: vendor
 *                       requests made when the budget does (calls move only when a page commits), else calls; 0 before
 */
public record TimelineEstimate(Duration expected, Instant expectedFinish, String band, long vendorRequests, String basis,
                               double shareDone) {

    public TimelineEstimate(Duration expected, Instant expectedFinish, String band, long vendorRequests, String basis) {
        this(expected, expectedFinish, band, vendorRequests, basis, 0);
    }

    static String band(Duration expected) {
        if (expected.compareTo(Duration.ofHours(8)) <= 0) {
            return "same day";
        }
        if (expected.compareTo(Duration.ofDays(3)) <= 0) {
            return "1–3 days";
        }
        if (expected.compareTo(Duration.ofDays(7)) <= 0) {
            return "3–7 days";
        }
        return "more than a week";
    }
}
