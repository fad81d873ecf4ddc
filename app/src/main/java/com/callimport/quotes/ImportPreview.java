package com.callimport.quotes;

import com.callimport.connector.DateWindow;
import com.callimport.estimates.TimelineEstimate;
import com.callimport.pricing.PriceQuote;
import java.util.List;
import java.util.UUID;

/**
 * What a customer sees before confirming an import.
 *
 * @param calls      the calls the import will bring over: the vendor's count less what the connection's settings exclude
 * @param exactCount whether {@code calls} is exact, or only "at least" (the vendor could not be counted to the end)
 * @param excluded   what the vendor has in the window that will not come over, how many and why
 * @param quote      the price of {@code calls}
 * @param limits     what the credentials will not see or bring over, from the connection check
 */
public record ImportPreview(UUID connectionId, String platform, DateWindow window, long calls, boolean exactCount,
                            List<Excluded> excluded, PriceQuote quote, TimelineEstimate timeline, List<String> limits) {

    /** @param reason what they are and the setting that leaves them out, e.g. "private calls — excluded by your setting …" */
    public record Excluded(long calls, String reason, String summary) {
    }
}
