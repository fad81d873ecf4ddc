package com.callimport.billing;

import java.util.EnumSet;
import java.util.Set;

/** Where an accepted quote is in its life; {@link #allowedNext()} is the whole transition table. */
public enum CheckoutState {
    /** the free calls are reserved; the hold is not yet confirmed, and no import exists */
    AWAITING_PAYMENT,
    /** the hold is confirmed (or nothing is owed) and the import is started */
    PAID,
    /** the import ended; what it landed is billed, and the capture is being made */
    SETTLING,
    /** captured for what landed, the rest of the hold and the unused free calls given back */
    SETTLED,
    /** no payment: declined, given up or expired; the reserved free calls are given back, nothing was charged */
    CANCELLED;

    public Set<CheckoutState> allowedNext() {
        return switch (this) {
            case AWAITING_PAYMENT -> EnumSet.of(PAID, CANCELLED);
            case PAID -> EnumSet.of(SETTLING);
            case SETTLING -> EnumSet.of(SETTLED);
            case SETTLED, CANCELLED -> EnumSet.noneOf(CheckoutState.class);
        };
    }

    public boolean canMoveTo(CheckoutState next) {
        return allowedNext().contains(next);
    }
}
