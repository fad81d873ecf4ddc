package com.callimport.recordings;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where recordings live. Implementations stream (memory does not grow with the blob), compute the
 * SHA-256 while writing, and publish atomically: a reader sees the whole previous blob or the whole
 * new one, never a partial file. Writing the same key again replaces it, which keeps re-imports
 * idempotent.
 */
public interface BlobStore {

    /**
     * Streams {@code content} into the blob at {@code key}.
     *
     * @param expectedBytes the length the source announced, if any
     * @throws TruncatedContentException when the stream ends before {@code expectedBytes}; nothing is published
     */
    StoredBlob write(String key, InputStream content, OptionalLong expectedBytes) throws IOException;

    /** The blob's content, or empty when no blob was published at {@code key}. The caller closes it. */
    Optional<InputStream> read(String key) throws IOException;

    /**
     * {@code length} bytes of the blob from {@code offset} (fewer when the blob ends first), or empty when no blob
     * was published at {@code key}. Implementations seek to the offset: nothing before it is read or transferred,
     * which is what lets a player jump into the middle of a long recording. The caller closes the stream.
     */
    Optional<InputStream> read(String key, long offset, long length) throws IOException;

    /** Removes the blob at {@code key}; removing one that is not there changes nothing. */
    void delete(String key) throws IOException;

    /** Raised when a download ends early; the recording is retried, never stored short. */
    final class TruncatedContentException extends IOException {
        public TruncatedContentException(long expected, long received) {
            super("recording ended after " + received + " of " + expected + " bytes");
        }
    }
}
