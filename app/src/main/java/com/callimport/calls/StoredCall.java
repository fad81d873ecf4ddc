package com.callimport.calls;

import com.callimport.connector.SourceParticipant;
import com.callimport.connector.TranscriptSegment;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An imported call as the product reads it. */
public record StoredCall(
        UUID id,
        UUID connectionId,
        String platform,
        String vendorCallId,
        String title,
        Instant startedAt,
        long durationMillis,
        String direction,
        List<SourceParticipant> participants,
        List<TranscriptSegment> transcript,
        Recording recording,
        RecordingStatus recordingStatus,
        String recordingReason,
        String transcriptStatus,
        String transcriptReason,
        String rawMetadataJson,
        Instant importedAt,
        Instant updatedAt) {

    /**
     * Whether the call's recording is here: STORED, MISSING (the vendor has one we could not fetch yet; {@code
     * recordingReason} says why, and it is fetched again later) or NONE (the vendor has none).
     */
    public enum RecordingStatus { STORED, MISSING, NONE }

    /** A stored recording; null on a call that has none. */
    public record Recording(String blobKey, String mediaType, long bytes, String sha256) {
    }
}
