package com.callimport.connector;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One call as the connector read it, already in the platform-neutral shape.
 *
 * @param vendorCallId    the vendor's id, stable for the life of the call; with the organization and
 *                        platform it is the call's identity, so a call is never imported twice
 * @param title           the call's title, or null when the vendor has none
 * @param startedAt       when the call started (the vendor's actual start, else its scheduled start)
 * @param duration        how long the call lasted
 * @param direction       who placed the call
 * @param participants    everyone the vendor lists, speakers and silent attendees
 * @param transcript      the vendor's transcript in order; empty when the vendor has none
 * @param recording       present when the call has a recording to download
 * @param rawMetadataJson the vendor's own metadata as a JSON object, <em>without</em> volatile values
 *                        such as signed URLs, so that re-reading an unchanged call yields the same text
 */
public record SourceCall(
        String vendorCallId,
        String title,
        Instant startedAt,
        Duration duration,
        CallDirection direction,
        List<SourceParticipant> participants,
        List<TranscriptSegment> transcript,
        Optional<RecordingDescriptor> recording,
        String rawMetadataJson) {

    public SourceCall {
        if (vendorCallId == null || vendorCallId.isBlank()) {
            throw new IllegalArgumentException("a call needs the vendor's call id");
        }
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(direction, "direction");
        participants = List.copyOf(participants);
        transcript = List.copyOf(transcript);
        Objects.requireNonNull(recording, "recording");
        Objects.requireNonNull(rawMetadataJson, "rawMetadataJson");
    }
}
