package com.callimport.connector;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * An open recording download. The engine streams it to the blob store and closes it; when the vendor
 * announced a length, fewer bytes than that mean a truncated download.
 */
public record RecordingContent(InputStream stream, String mediaType, OptionalLong contentLength)
        implements AutoCloseable {
    public RecordingContent {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(contentLength, "contentLength");
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
