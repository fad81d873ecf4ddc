package com.callimport.calls;

/** What an idempotent write of a call did. */
public enum CallWrite {
    /** The call was new. */
    IMPORTED,
    /** The call existed and its content changed. */
    UPDATED,
    /** The call existed with the same content: nothing was written. */
    UNCHANGED
}
