package com.callimport.pricing;

import java.util.List;

/**
 * What an import of a window costs, line by line, and what is not billed.
 *
 * @param calls         the calls the vendor reports in the window
 * @param billableCalls calls charged for, after what is not billed and the free allowance
 * @param lineItems     the free allowance used and each price step's calls
 * @param notBilled     calls that cost nothing and why (counts may be unknown until the import lists them)
 * @param total         the sum of the line items, in the currency's minor units
 */
public record PriceQuote(long calls, long billableCalls, List<LineItem> lineItems, List<NotBilled> notBilled, Money total) {

    public record LineItem(String description, long calls, Money unitPrice, Money amount) {
    }

    /** @param calls how many, or null when only the import itself will know (e.g. private calls) */
    public record NotBilled(String reason, Long calls) {
    }
}
