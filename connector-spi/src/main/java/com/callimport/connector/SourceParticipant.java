package com.callimport.connector;

import java.util.Objects;

/**
 * A participant as the vendor reports them. Any of name, email and phone may be null; speakerId is
 * null for a participant who did not speak and joins {@link TranscriptSegment#speakerId()}.
 */
public record SourceParticipant(String name, String email, String phone, Affiliation affiliation, String speakerId) {
    public SourceParticipant {
        Objects.requireNonNull(affiliation, "affiliation");
    }
}
