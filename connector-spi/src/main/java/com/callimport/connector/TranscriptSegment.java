package com.callimport.connector;

import java.util.Objects;

/** A stretch of speech by one speaker, in milliseconds from the start of the call. */
public record TranscriptSegment(String speakerId, long startMillis, long endMillis, String text) {
    public TranscriptSegment {
        Objects.requireNonNull(text, "text");
        if (startMillis < 0 || endMillis < startMillis) {
            throw new IllegalArgumentException("segment runs from " + startMillis + " ms to " + endMillis
                    + " ms; offsets must be non-negative and end at or after the start");
        }
    }
}
