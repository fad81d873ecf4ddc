package com.callimport.connector;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How many calls a vendor has in a window, and how many of them the connection's own settings will leave
 * out, so that a preview counts and prices only what an import brings over.
 *
 * @param calls    the calls the vendor lists in the window, before the connection's exclusions; an import's
 *                 "listed" count reaches this number
 * @param exact    whether {@code calls} is the vendor's total (or every page was counted), or only a lower
 *                 bound because the vendor gives no total and counting stopped within its budget; a lower
 *                 bound is shown as "at least", never as the base of a percent or an exact price
 * @param excluded calls among {@code calls} that the import will skip on purpose because of a setting, each
 *                 kind once with its reason in the customer's words; empty when the connector filters nothing
 * @param callRequests the requests an import of the counted calls will make one call at a time (e.g. one download
 *                 per recorded call), when counting saw what decides them; empty to let estimates use
 *                 {@link ListingCost#requestsPerCall()}
 */
public record CallCount(long calls, boolean exact, List<Exclusion> excluded, OptionalLong callRequests) {

    public CallCount {
        if (calls < 0) {
            throw new IllegalArgumentException("a call count cannot be negative: " + calls);
        }
        excluded = List.copyOf(Objects.requireNonNull(excluded, "excluded"));
        Objects.requireNonNull(callRequests, "callRequests");
        long skipped = excluded.stream().mapToLong(Exclusion::calls).sum();
        if (skipped > calls) {
            throw new IllegalArgumentException(skipped + " excluded calls cannot exceed the " + calls + " counted");
        }
    }

    /** A count of a connector that excludes nothing. */
    public CallCount(long calls, boolean exact) {
        this(calls, exact, List.of(), OptionalLong.empty());
    }

    /** A count with what the connection's settings exclude. */
    public CallCount(long calls, boolean exact, List<Exclusion> excluded) {
        this(calls, exact, excluded, OptionalLong.empty());
    }

    /** The calls an import of the window brings over: the count less what the settings exclude. */
    public long toImport() {
        return calls - excluded.stream().mapToLong(Exclusion::calls).sum();
    }

    /**
     * Calls a setting leaves out, e.g. 36 calls with reason "private calls — excluded by your setting
     * includePrivateCalls=false".
     *
     * @param reason what they are and which setting excludes them, in words a customer can act on
     */
    public record Exclusion(long calls, String reason) {
        public Exclusion {
            Objects.requireNonNull(reason, "reason");
            if (calls < 0) {
                throw new IllegalArgumentException("an excluded count cannot be negative: " + calls);
            }
        }
    }
}
