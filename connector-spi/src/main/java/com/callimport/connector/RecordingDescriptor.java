package com.callimport.connector;

import java.util.Objects;

/**
 * That a call has a recording, and of what kind. It carries no address: vendors' media addresses
 * expire, so {@link CallSource#openRecording} resolves one when the engine is ready to download.
 */
public record RecordingDescriptor(String mediaType) {
    public RecordingDescriptor {
        Objects.requireNonNull(mediaType, "mediaType");
    }
}
