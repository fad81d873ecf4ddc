package com.callimport.payments;

import java.util.Optional;

/**
 * Where a payment stands at its provider.
 *
 * @param problem why the last attempt failed, in the customer's words (e.g. a declined card), if it did
 */
public record PaymentState(Status status, long heldMinor, long capturedMinor, Optional<String> problem) {

    public enum Status {
        /** waiting for the customer to confirm it, or for the provider */
        PENDING,
        /** the money is held and may be captured */
        AUTHORIZED,
        /** captured, in part or whole; the rest of the hold is let go */
        CAPTURED,
        /** closed without any money moving: declined, given up, expired or released */
        CANCELLED
    }

    public static PaymentState of(Status status, long held, long captured) {
        return new PaymentState(status, held, captured, Optional.empty());
    }
}
