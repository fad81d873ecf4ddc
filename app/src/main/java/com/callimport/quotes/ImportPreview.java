package com.callimport.quotes;

import com.callimport.connector.DateWindow;
import com.callimport.estimates.TimelineEstimate;
import com.callimport.pricing.PriceQuote;
import java.util.List;
import java.util.UUID;

/**
 * What a customer sees before confirming an import.
 *
 * @param calls      the calls the vendor reports in the window
 * @param exactCount whether the vendor gave a total, or the count is a lower bound from counted pages
 * @param limits     what the credentials will not see or bring over, from the connection check
 */
public record ImportPreview(UUID connectionId, String platform, DateWindow window, long calls, boolean exactCount,
                            PriceQuote quote, TimelineEstimate timeline, List<String> limits) {
}
