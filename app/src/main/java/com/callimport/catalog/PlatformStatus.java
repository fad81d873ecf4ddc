package com.callimport.catalog;

/** Whether a customer can import from a platform today. */
public enum PlatformStatus {
    /** A connector brings everything the platform's API offers. */
    SUPPORTED("Supported"),
    /** A connector exists but brings over only part of what customers expect; the note says which part. */
    PARTIAL("Partial"),
    /** No connector: evaluating, in development, or the platform has no usable API; the note says which. */
    NOT_SUPPORTED("Not supported");

    private final String label;

    PlatformStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean hasConnector() {
        return this != NOT_SUPPORTED;
    }
}
