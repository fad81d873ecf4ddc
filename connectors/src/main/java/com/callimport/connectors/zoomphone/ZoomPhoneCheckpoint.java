package com.callimport.connectors.zoomphone;

import com.callimport.connector.Checkpoint;

import java.time.Instant;
import java.util.Optional;

/**
 * A position in a window of Zoom's call history: which month-long part of the window is being listed ({@code partFrom}),
 * how many log entries of that part were already delivered, and Zoom's page token for the rest with when it was handed
 * out. Zoom's page tokens die 15 minutes after they are issued; {@code delivered} lets a stale position be re-read from
 * the part's start, skipping what was delivered. Written as {@code zp1:<partFrom epoch s>:<delivered>:<issued epoch s>:<token>}
 * (the token last: Zoom's tokens are opaque); a later format gets a new prefix and this one stays readable.
 */
record ZoomPhoneCheckpoint(Instant partFrom, long delivered, Optional<String> pageToken, Optional<Instant> tokenIssuedAt) {
    private static final String VERSION_1 = "zp1:";

    ZoomPhoneCheckpoint {
        if (delivered < 0) {
            throw new IllegalArgumentException("a Zoom Phone position cannot have delivered " + delivered + " log entries");
        }
        if (pageToken.isPresent() != tokenIssuedAt.isPresent()) {
            throw new IllegalArgumentException("a Zoom page token goes with the time it was issued");
        }
    }

    static ZoomPhoneCheckpoint startOf(Instant partFrom) {
        return new ZoomPhoneCheckpoint(partFrom, 0, Optional.empty(), Optional.empty());
    }

    /** The position a checkpoint names; {@link Checkpoint#START} is the start of the window's first part. */
    static ZoomPhoneCheckpoint read(Checkpoint checkpoint, Instant windowFrom) {
        if (checkpoint.isStart()) {
            return startOf(windowFrom);
        }
        String value = checkpoint.value();
        if (value.startsWith(VERSION_1)) {
            String[] parts = value.substring(VERSION_1.length()).split(":", 4);
            if (parts.length == 4) {
                try {
                    Instant partFrom = Instant.ofEpochSecond(Long.parseLong(parts[0]));
                    long delivered = Long.parseLong(parts[1]);
                    if (parts[2].isEmpty()) {
                        return new ZoomPhoneCheckpoint(partFrom, delivered, Optional.empty(), Optional.empty());
                    }
                    return new ZoomPhoneCheckpoint(partFrom, delivered, Optional.of(parts[3]),
                            Optional.of(Instant.ofEpochSecond(Long.parseLong(parts[2]))));
                } catch (NumberFormatException malformed) {
                    // falls through to the error below
                }
            }
        }
        throw new IllegalArgumentException("checkpoint '" + value + "' was not written by the Zoom Phone connector");
    }

    Checkpoint write() {
        return new Checkpoint(VERSION_1 + partFrom.getEpochSecond() + ":" + delivered + ":"
                + tokenIssuedAt.map(at -> Long.toString(at.getEpochSecond())).orElse("") + ":" + pageToken.orElse(""));
    }
}
