package com.callimport.imports;

import java.util.EnumSet;
import java.util.Set;

/** Where an import run is in its life; {@link #allowedNext()} is the whole transition table. */
public enum ImportRunState {
    QUEUED, RUNNING, PAUSED, SUCCEEDED, FAILED, CANCELLED;

    /** The states a run may move to from this one. */
    public Set<ImportRunState> allowedNext() {
        return switch (this) {
            case QUEUED -> EnumSet.of(RUNNING, CANCELLED);
            case RUNNING -> EnumSet.of(PAUSED, SUCCEEDED, FAILED, CANCELLED);
            // a run paused by the customer or by a vendor outage resumes; a failed one may be retried
            case PAUSED -> EnumSet.of(RUNNING, CANCELLED);
            case FAILED -> EnumSet.of(RUNNING, CANCELLED);
            case SUCCEEDED, CANCELLED -> EnumSet.noneOf(ImportRunState.class);
        };
    }

    public boolean canMoveTo(ImportRunState next) {
        return allowedNext().contains(next);
    }

    public boolean isFinal() {
        return allowedNext().isEmpty();
    }
}
