package com.callimport.connector.testkit;

/**
 * What share of seeded calls are private, lack a recording or lack a transcript. Shares are spread
 * evenly over the seeded calls (not drawn at random), so a small seed still contains each kind.
 */
public record CallMix(double privateShare, double withoutRecordingShare, double withoutTranscriptShare) {

    /** Roughly what a sales team's account looks like: 5% private, 10% without media, 10% without transcript. */
    public static final CallMix TYPICAL = new CallMix(0.05, 0.10, 0.10);

    /** Every call public, recorded and transcribed. */
    public static final CallMix COMPLETE = new CallMix(0, 0, 0);

    public CallMix {
        check("privateShare", privateShare);
        check("withoutRecordingShare", withoutRecordingShare);
        check("withoutTranscriptShare", withoutTranscriptShare);
    }

    private static void check(String name, double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException(name + " is " + share + "; give a share between 0 and 1");
        }
    }

    /**
     * Whether the call at {@code index} falls in a share, spreading the share evenly: exactly
     * {@code floor(count * share)} of the first {@code count} indexes do. {@code offset} staggers
     * the kinds so that they do not all land on the same calls.
     */
    public static boolean falls(int index, double share, int offset) {
        int shifted = index + offset;
        return Math.floor((shifted + 1) * share) > Math.floor(shifted * share);
    }
}
