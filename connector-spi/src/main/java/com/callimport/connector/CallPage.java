package com.callimport.connector;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a vendor's listing.
 *
 * @param calls   the calls to import
 * @param skipped calls left out on purpose, each with the reason the customer will read
 * @param failed  calls the vendor returned but the connector could not read, with the reason
 * @param next    the position after this page; empty when the window is exhausted
 */
public record CallPage(List<SourceCall> calls, List<SkippedCall> skipped, List<FailedCall> failed,
                       Optional<Checkpoint> next) {
    public CallPage {
        calls = List.copyOf(calls);
        skipped = List.copyOf(skipped);
        failed = List.copyOf(failed);
        Objects.requireNonNull(next, "next");
    }

    public static CallPage last(List<SourceCall> calls) {
        return new CallPage(calls, List.of(), List.of(), Optional.empty());
    }

    public static CallPage empty() {
        return last(List.of());
    }

    public int listedCalls() {
        return calls.size() + skipped.size() + failed.size();
    }

    /** A call the connector leaves out on purpose. */
    public record SkippedCall(String vendorCallId, String reason) {
        public SkippedCall {
            Objects.requireNonNull(vendorCallId, "vendorCallId");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A call the vendor listed but whose data could not be read. */
    public record FailedCall(String vendorCallId, String reason) {
        public FailedCall {
            Objects.requireNonNull(vendorCallId, "vendorCallId");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
