package com.callimport.calls;

import java.time.Instant;
import java.util.UUID;

/**
 * What a customer narrows their calls to. Every field is optional (null: not filtered); the ones given all apply.
 *
 * @param platform      calls imported from this platform only
 * @param from          calls that started at or after this instant
 * @param to            calls that started before this instant
 * @param participant   part of a participant's name or email, matched without regard to case
 * @param hasTranscript true: only calls with a transcript; false: only calls without one
 * @param hasRecording  true: only calls whose recording is stored here; false: only calls without one
 * @param connectionId  calls of one connection
 * @param runId         calls an import run imported or last changed
 */
public record CallFilter(String platform, Instant from, Instant to, String participant, Boolean hasTranscript,
                         Boolean hasRecording, UUID connectionId, UUID runId) {
    public static final int PARTICIPANT_CHARACTERS = 200;
    public static final CallFilter NONE = new CallFilter(null, null, null, null, null, null, null, null);

    public CallFilter {
        if (from != null && to != null && !to.isAfter(from)) {
            throw new IllegalArgumentException("to: the date range ends at " + to + ", not after it starts at " + from
                    + "; give a 'to' later than 'from'");
        }
        if (participant != null) {
            participant = participant.strip();
            if (participant.isEmpty()) {
                participant = null;
            } else if (participant.length() > PARTICIPANT_CHARACTERS) {
                throw new IllegalArgumentException("participant: search with at most " + PARTICIPANT_CHARACTERS
                        + " characters of a name or email, not " + participant.length());
            }
        }
        if (platform != null && platform.isBlank()) {
            platform = null;
        }
    }

    public CallFilter withConnection(UUID connection) {
        return new CallFilter(platform, from, to, participant, hasTranscript, hasRecording, connection, runId);
    }

    public CallFilter withRun(UUID run) {
        return new CallFilter(platform, from, to, participant, hasTranscript, hasRecording, connectionId, run);
    }
}
