package com.callimport.connectors.fathom;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What Fathom said about one download of a recording's media ({@code RecordingDownload}): its id, its
 * state, and the best media address it offers so far (audio, which Fathom prepares at once, before
 * video, which it generates in the background).
 */
record FathomDownload(String downloadId, Status status, Optional<FathomMediaLink> media, String failureReason) {

    enum Status { PROCESSING, COMPLETED, FAILED, EXPIRED }

    FathomDownload {
        Objects.requireNonNull(downloadId, "downloadId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(media, "media");
    }

    /** Whether a new download must be requested: this one failed, expired, or its address is about to. */
    boolean isSpentAt(Instant now) {
        return switch (status) {
            case FAILED, EXPIRED -> true;
            case PROCESSING -> media.isPresent() && !media.get().isFreshAt(now);
            case COMPLETED -> media.isEmpty() || !media.get().isFreshAt(now);
        };
    }

    static Status status(String value) {
        if (value == null) {
            throw new IllegalArgumentException("Fathom's RecordingDownload has no status");
        }
        return switch (value) {
            case "processing" -> Status.PROCESSING;
            case "completed" -> Status.COMPLETED;
            case "failed" -> Status.FAILED;
            case "expired" -> Status.EXPIRED;
            default -> throw new IllegalArgumentException("Fathom's RecordingDownload has an unknown status '" + value + "'");
        };
    }
}
