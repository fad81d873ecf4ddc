package com.callimport.connectors.grain;

import com.callimport.connector.Checkpoint;

/**
 * A position in a Grain recording listing: Grain's {@code cursor} for the next page.
 * Written as {@code gr1:<cursor>}; a later format gets a new prefix and this one stays readable.
 */
record GrainCheckpoint(String cursor) {
    private static final String VERSION_1 = "gr1:";

    static final GrainCheckpoint START = new GrainCheckpoint(null);

    GrainCheckpoint {
        if (cursor != null && cursor.isEmpty()) {
            throw new IllegalArgumentException("a position after the first page needs Grain's cursor");
        }
    }

    static GrainCheckpoint read(Checkpoint checkpoint) {
        if (checkpoint.isStart()) {
            return START;
        }
        String value = checkpoint.value();
        if (value.startsWith(VERSION_1) && value.length() > VERSION_1.length()) {
            return new GrainCheckpoint(value.substring(VERSION_1.length()));
        }
        throw new IllegalArgumentException("checkpoint '" + value + "' was not written by the Grain connector");
    }

    Checkpoint write() {
        return cursor == null ? Checkpoint.START : new Checkpoint(VERSION_1 + cursor);
    }
}
