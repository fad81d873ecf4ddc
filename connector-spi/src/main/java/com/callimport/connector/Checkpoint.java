package com.callimport.connector;

import java.util.Objects;

/**
 * An opaque position in a vendor's listing, written and read only by the connector that produced it.
 * The engine stores it once the page before it is durable and passes it back unchanged; a connector
 * must keep reading its own older formats (a version prefix in the value is the usual way).
 */
public record Checkpoint(String value) {

    /** The position before the first page of a window. */
    public static final Checkpoint START = new Checkpoint("");

    public Checkpoint {
        Objects.requireNonNull(value, "value");
    }

    public boolean isStart() {
        return value.isEmpty();
    }
}
