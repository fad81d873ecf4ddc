package com.callimport.connectors.http;

import com.callimport.connector.RecordingContent;

import java.net.URI;

/** What a vendor's API answered when asked for a call's media with {@link VendorHttpClient#openApiMedia}. */
public sealed interface MediaReply {

    /** The vendor streams the media itself; the caller reads and closes it. */
    record Streaming(RecordingContent content) implements MediaReply {
    }

    /** The vendor points at a pre-signed storage address, to be opened without credentials. */
    record Redirected(URI location) implements MediaReply {
        @Override
        public String toString() {
            // the query is a signature, i.e. a bearer credential for the media
            return "Redirected[" + location.getHost() + location.getPath() + "]";
        }
    }

    /** A status the caller asked to handle itself, e.g. 404 for a call without media. */
    record Refused(int status) implements MediaReply {
    }
}
