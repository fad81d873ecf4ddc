package com.callimport.staffconsole;

import com.callimport.connections.ConnectionStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * A connection's health as a CSM reads it, derived from what the engine already records: the connection's own
 * status (a refused credential), its sync schedule (paused, the last pass's error), its latest run and its webhook
 * subscription. {@link #of(Signals)} is the whole rule, most urgent first.
 */
public enum ConnectionHealth {
    /** The vendor refused the credentials: only the customer can fix it, by reconnecting. */
    NEEDS_REAUTHENTICATION("Needs re-authentication"),
    /** The latest run or sync pass failed, or near real-time notifications stopped arriving. */
    FAILING("Failing"),
    /** Working, but something is off: the vendor was out of reach, calls failed, or the sync has gone quiet. */
    DEGRADED("Degraded"),
    /** The customer (or a vendor outage) paused the sync or the latest run. */
    PAUSED("Paused"),
    HEALTHY("Healthy");

    private final String label;

    ConnectionHealth(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * What health is derived from.
     *
     * @param syncInterval        how often the sync runs; null for a connection without ongoing sync
     * @param latestRunState      the latest run's state (QUEUED … CANCELLED), null without runs
     * @param latestRunReason     why the latest run is in that state
     * @param latestRunFailedCalls calls the latest run recorded as failed
     * @param lastSuccessAt       when a run of this connection last succeeded
     * @param restoredAt          when the connection last worked again after a refusal; failures before it are history
     * @param createdAt           when the sync was set up (the connection, without one)
     * @param webhookState        SUBSCRIBING, ACTIVE or FAILING; null without a subscription
     */
    public record Signals(ConnectionStatus status, String statusDetail, Duration syncInterval, boolean syncPaused,
                          String lastPassError, String latestRunState, String latestRunReason, Instant latestRunAt,
                          long latestRunFailedCalls, Instant lastSuccessAt, Instant restoredAt, Instant createdAt,
                          String webhookState, String webhookError, Instant now) {
    }

    /** The health and the one sentence that explains it. */
    public record Verdict(ConnectionHealth health, String why) {
    }

    public static Verdict of(Signals signals) {
        if (signals.status() == ConnectionStatus.NEEDS_ATTENTION) {
            return new Verdict(NEEDS_REAUTHENTICATION, orElse(signals.statusDetail(), "The vendor refused the credentials."));
        }
        boolean latestRunCounts = signals.latestRunAt() != null
                && (signals.restoredAt() == null || signals.latestRunAt().isAfter(signals.restoredAt()));
        if (signals.syncPaused()) {
            return new Verdict(PAUSED, "The ongoing sync is paused.");
        }
        if (latestRunCounts && "PAUSED".equals(signals.latestRunState())) {
            return new Verdict(PAUSED, orElse(signals.latestRunReason(), "The latest run is paused."));
        }
        if (latestRunCounts && "FAILED".equals(signals.latestRunState())) {
            return new Verdict(FAILING, orElse(signals.latestRunReason(), "The latest run failed."));
        }
        if (signals.lastPassError() != null) {
            return new Verdict(FAILING, signals.lastPassError());
        }
        if ("FAILING".equals(signals.webhookState())) {
            return new Verdict(FAILING, "Near real-time notifications are not arriving: " + orElse(signals.webhookError(), "no detail"));
        }
        if (signals.status() == ConnectionStatus.UNREACHABLE) {
            return new Verdict(DEGRADED, "The vendor could not be reached on the last attempt. " + orElse(signals.statusDetail(), ""));
        }
        if (latestRunCounts && signals.latestRunFailedCalls() > 0) {
            return new Verdict(DEGRADED, signals.latestRunFailedCalls() + " call(s) failed in the latest run; see its exclusions.");
        }
        if (signals.syncInterval() != null) {
            // two missed passes in a row: quiet for longer than a sync should ever be
            Duration quiet = signals.syncInterval().multipliedBy(2).plusMinutes(30);
            Instant since = signals.lastSuccessAt() != null ? signals.lastSuccessAt() : signals.createdAt();
            if (since != null && since.plus(quiet).isBefore(signals.now())) {
                return new Verdict(DEGRADED, signals.lastSuccessAt() == null ? "No sync pass has succeeded yet."
                        : "No sync pass has succeeded for over " + quiet.toHours() + " hours.");
            }
        }
        return new Verdict(HEALTHY, "Nothing has failed.");
    }

    private static String orElse(String text, String fallback) {
        return text == null || text.isBlank() ? fallback : text.strip();
    }
}
