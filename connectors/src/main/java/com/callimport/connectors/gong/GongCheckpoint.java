package com.callimport.connectors.gong;

import com.callimport.connector.Checkpoint;

/**
 * A position in a Gong listing: Gong's cursor for the next page, and how many pages were delivered
 * before it, so that an expired cursor can be rebuilt by re-listing and skipping those pages.
 * Written as {@code g1:<pagesDelivered>:<cursor>}; a later format gets a new prefix and this one stays readable.
 */
record GongCheckpoint(String cursor, int pagesDelivered) {
    private static final String VERSION_1 = "g1:";

    static final GongCheckpoint START = new GongCheckpoint(null, 0);

    GongCheckpoint {
        if (pagesDelivered < 0) {
            throw new IllegalArgumentException("pages delivered cannot be negative: " + pagesDelivered);
        }
        if (pagesDelivered > 0 && (cursor == null || cursor.isEmpty())) {
            throw new IllegalArgumentException("a position after page " + pagesDelivered + " needs Gong's cursor");
        }
    }

    static GongCheckpoint read(Checkpoint checkpoint) {
        if (checkpoint.isStart()) {
            return START;
        }
        String value = checkpoint.value();
        if (value.startsWith(VERSION_1)) {
            int separator = value.indexOf(':', VERSION_1.length());
            if (separator > VERSION_1.length()) {
                try {
                    int pages = Integer.parseInt(value.substring(VERSION_1.length(), separator));
                    return new GongCheckpoint(value.substring(separator + 1), pages);
                } catch (NumberFormatException malformed) {
                    // falls through to the error below
                }
            }
        }
        throw new IllegalArgumentException("checkpoint '" + value + "' was not written by the Gong connector");
    }

    boolean isStart() {
        return cursor == null;
    }

    /** The position after the page this one leads to, which Gong says continues at {@code nextCursor}. */
    GongCheckpoint following(String nextCursor) {
        return new GongCheckpoint(nextCursor, pagesDelivered + 1);
    }

    Checkpoint write() {
        return isStart() ? Checkpoint.START : new Checkpoint(VERSION_1 + pagesDelivered + ":" + cursor);
    }
}
