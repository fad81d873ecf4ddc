package com.callimport.billing;

import com.callimport.connector.DateWindow;
import com.callimport.organizations.OrganizationId;
import java.time.Instant;
import java.util.Currency;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * A quote as the customer accepted it, with what it became.
 *
 * @param quotedCalls   calls the quote charged for or counted against the free allowance (re-imports left out)
 * @param freeCalls     free calls reserved for it
 * @param billableCalls calls the hold covers, at most
 * @param amountMinor   the hold: {@code billableCalls} at the frozen prices
 * @param billedCalls   once settled: the calls that landed and were billed
 * @param startWhenPaid whether the import starts once paid, or waits queued for its own start (the API's {@code "start": false})
 */
public record Checkout(UUID id, OrganizationId organization, UUID connectionId, String platform, DateWindow window, long quotedCalls,
                       boolean atLeast, long freeCalls, long billableCalls, Currency currency, long amountMinor, String method,
                       CheckoutState state, Optional<String> problem, Optional<String> paymentReference, Optional<UUID> runId,
                       Optional<UUID> startedBy,
                       OptionalLong billedCalls, OptionalLong billedMinor, OptionalLong creditAppliedMinor, OptionalLong capturedMinor,
                       Instant createdAt, Instant expiresAt, Optional<Instant> paidAt, Optional<Instant> settledAt,
                       boolean startWhenPaid) {

    /** Nothing to pay: the free allowance covers it. */
    public boolean free() {
        return amountMinor == 0;
    }
}
