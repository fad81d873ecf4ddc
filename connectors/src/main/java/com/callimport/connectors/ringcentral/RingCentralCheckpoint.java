package com.callimport.connectors.ringcentral;

import com.callimport.connector.Checkpoint;

/**
 * A position in a window of RingCentral's call log: the page number to read next and the page size the
 * earlier pages were read with (RingCentral pages by number, so the size must stay the same for the
 * boundaries to hold). Written as {@code rc1:<page>:<perPage>}; a later format gets a new prefix and this
 * one stays readable.
 */
record RingCentralCheckpoint(int page, int perPage) {
    private static final String VERSION_1 = "rc1:";

    RingCentralCheckpoint {
        if (page < 1) {
            throw new IllegalArgumentException("RingCentral numbers pages from 1, not " + page);
        }
        if (perPage < 1 || perPage > RingCentralClient.MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("a RingCentral page holds 1 to " + RingCentralClient.MAX_PAGE_SIZE
                    + " records, not " + perPage);
        }
    }

    /** The first page, asking for the largest page RingCentral serves. */
    static RingCentralCheckpoint start() {
        return new RingCentralCheckpoint(1, RingCentralClient.MAX_PAGE_SIZE);
    }

    static RingCentralCheckpoint read(Checkpoint checkpoint) {
        if (checkpoint.isStart()) {
            return start();
        }
        String value = checkpoint.value();
        if (value.startsWith(VERSION_1)) {
            String[] parts = value.substring(VERSION_1.length()).split(":");
            if (parts.length == 2) {
                try {
                    return new RingCentralCheckpoint(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
                } catch (NumberFormatException malformed) {
                    // falls through to the error below
                }
            }
        }
        throw new IllegalArgumentException("checkpoint '" + value + "' was not written by the RingCentral connector");
    }

    /** The position after this page, whose records RingCentral served {@code servedPerPage} to a page. */
    RingCentralCheckpoint following(int servedPerPage) {
        return new RingCentralCheckpoint(page + 1, servedPerPage);
    }

    Checkpoint write() {
        return new Checkpoint(VERSION_1 + page + ":" + perPage);
    }
}
