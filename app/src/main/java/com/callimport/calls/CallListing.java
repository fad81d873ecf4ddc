package com.callimport.calls;

import java.util.List;
import java.util.Optional;

/**
 * One page of a call list, newest first.
 *
 * @param older where the next (older) page starts, to pass as "after"; empty on the last page
 * @param newer where the previous (newer) page ends, to pass as "before"; empty on the first page
 */
public record CallListing(List<StoredCall> calls, Optional<CallCursor> older, Optional<CallCursor> newer) {
    public CallListing {
        calls = List.copyOf(calls);
    }
}
