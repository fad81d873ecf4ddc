package com.callimport.connectors.fathom;

import com.callimport.connector.Checkpoint;

/**
 * A position in a Fathom meeting listing: Fathom's {@code next_cursor} for the next page.
 * Written as {@code f1:<cursor>}; a later format gets a new prefix and this one stays readable.
 */
record FathomCheckpoint(String cursor) {
    private static final String VERSION_1 = "f1:";

    static final FathomCheckpoint START = new FathomCheckpoint(null);

    FathomCheckpoint {
        if (cursor != null && cursor.isEmpty()) {
            throw new IllegalArgumentException("a position after the first page needs Fathom's cursor");
        }
    }

    static FathomCheckpoint read(Checkpoint checkpoint) {
        if (checkpoint.isStart()) {
            return START;
        }
        String value = checkpoint.value();
        if (value.startsWith(VERSION_1) && value.length() > VERSION_1.length()) {
            return new FathomCheckpoint(value.substring(VERSION_1.length()));
        }
        throw new IllegalArgumentException("checkpoint '" + value + "' was not written by the Fathom connector");
    }

    Checkpoint write() {
        return cursor == null ? Checkpoint.START : new Checkpoint(VERSION_1 + cursor);
    }
}
