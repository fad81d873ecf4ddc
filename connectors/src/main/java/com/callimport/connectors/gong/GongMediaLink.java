package com.callimport.connectors.gong;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * A signed media address Gong handed out, kept only in memory by the source that fetched it: Gong
 * documents it as valid for 8 hours, and it is re-signed on every listing, so it is never stored.
 */
record GongMediaLink(URI url, String mediaType, Instant seenAt) {

    // Gong's MediaDto: "valid for 8 hours"; the margin covers a download that starts just before expiry
    static final Duration VALIDITY = Duration.ofHours(8);
    static final Duration MARGIN = Duration.ofMinutes(10);

    boolean isFreshAt(Instant now) {
        return now.isBefore(seenAt.plus(VALIDITY).minus(MARGIN));
    }

    @Override
    public String toString() {
        // the signature is a bearer credential for the recording
        return "GongMediaLink[" + url.getHost() + ", " + mediaType + ", seen " + seenAt + "]";
    }
}
