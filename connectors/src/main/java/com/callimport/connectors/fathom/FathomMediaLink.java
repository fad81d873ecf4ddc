package com.callimport.connectors.fathom;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * A signed media address from a Fathom {@code RecordingDownload}, kept only in memory by the source
 * that asked for it: Fathom documents such addresses as expiring after about 24 hours.
 */
record FathomMediaLink(URI url, String mediaType, Instant expiresAt) {

    // a download that starts just before expiry must still finish
    static final Duration MARGIN = Duration.ofMinutes(10);

    boolean isFreshAt(Instant now) {
        return now.isBefore(expiresAt.minus(MARGIN));
    }

    @Override
    public String toString() {
        // the signature is a bearer credential for the recording
        return "FathomMediaLink[" + url.getHost() + ", " + mediaType + ", expires " + expiresAt + "]";
    }
}
