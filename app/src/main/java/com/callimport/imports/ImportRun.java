package com.callimport.imports;

import com.callimport.connector.DateWindow;
import com.callimport.organizations.OrganizationId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * An import run with its exact counts. Every call the vendor listed ends in exactly one of imported,
 * updated, unchanged, skipped or failed, so those add up to {@code listed}. {@code expectedCalls} is
 * the vendor's count at creation; {@code expectedCallsExact} says whether it is exact or only "at least";
 * {@code expectedCallRequests} the per-call vendor requests the count saw, when the connector could tell.
 */
public record ImportRun(
        UUID id,
        OrganizationId organization,
        UUID connectionId,
        Kind kind,
        DateWindow window,
        ImportRunState state,
        String stateReason,
        OptionalLong expectedCalls,
        boolean expectedCallsExact,
        OptionalLong expectedCallRequests,
        Counts counts,
        long rateLimitWaits,
        long vendorRequests,
        Instant createdAt,
        Instant startedAt,
        Instant runningSince,
        double runningSeconds,
        Instant finishedAt) {

    /** A one-off import of a window, or one pass of a connection's ongoing sync. */
    public enum Kind { BACKFILL, SYNC }

    public record Counts(long listed, long imported, long updated, long unchanged, long skipped, long failed) {
        public static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0);

        public Counts plus(Counts other) {
            return new Counts(listed + other.listed, imported + other.imported, updated + other.updated,
                    unchanged + other.unchanged, skipped + other.skipped, failed + other.failed);
        }
    }

    /** Time spent running so far, not counting pauses. */
    public Duration timeRunning(Instant now) {
        double seconds = runningSeconds;
        if (runningSince != null && state == ImportRunState.RUNNING) {
            seconds += Duration.between(runningSince, now).toMillis() / 1000.0;
        }
        return Duration.ofMillis((long) (seconds * 1000));
    }

    /**
     * Share of the vendor's reported calls processed so far, 0–100; empty when the vendor gave no count or
     * only a lower bound, as a percent of a guess would mislead.
     */
    public Optional<Double> percentDone() {
        if (state == ImportRunState.SUCCEEDED) {
            return Optional.of(100.0);
        }
        if (expectedCalls.isEmpty() || !expectedCallsExact) {
            return Optional.empty();
        }
        long expected = expectedCalls.getAsLong();
        if (expected == 0) {
            return Optional.of(0.0);
        }
        return Optional.of(Math.min(99.9, 100.0 * counts.listed() / expected));
    }
}
