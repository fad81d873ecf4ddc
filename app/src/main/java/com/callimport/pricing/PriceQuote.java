package com.callimport.pricing;

import java.util.List;

/**
 * What an import of a window costs, line by line, and what is not billed.
 *
 * @param calls         the calls the import will bring over: the vendor's count less what the connection's
 *                      settings exclude (those are listed in {@code notBilled} with their reason)
 * @param atLeast       whether {@code calls} is only a lower bound (the vendor could not be counted to the end):
 *                      then {@code billableCalls} and {@code total} are "at least" too, never an exact price
 * @param billableCalls calls charged for, after what is not billed and the free allowance
 * @param lineItems     the free allowance used and each price step's calls
 * @param notBilled     calls that cost nothing and why (counts may be unknown until the import lists them)
 * @param total         the sum of the line items, in the currency's minor units
 */
public record PriceQuote(long calls, boolean atLeast, long billableCalls, List<LineItem> lineItems, List<NotBilled> notBilled,
                         Money total) {

    public record LineItem(String description, long calls, Money unitPrice, Money amount) {
    }

    /** @param calls how many, or null when only the import itself will know (e.g. private calls) */
    public record NotBilled(String reason, Long calls) {
    }
}
