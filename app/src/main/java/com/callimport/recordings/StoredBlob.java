package com.callimport.recordings;

/** A blob as it was written: its key, its exact length and its SHA-256 in lower-case hex. */
public record StoredBlob(String key, long bytes, String sha256) {
}
