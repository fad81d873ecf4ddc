package com.callimport.connectors.http;

import tools.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * A vendor's JSON answer that the connector reads itself: a success, or a status the connector asked
 * to handle (e.g. a 404 that means "nothing in this window").
 *
 * @param body the parsed body; a missing node when the body was empty or not JSON
 */
public record JsonReply(int status, JsonNode body) {
    public JsonReply {
        Objects.requireNonNull(body, "body");
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
