package com.callimport.connector.testkit;

import java.time.Instant;
import java.util.Objects;

/**
 * A call a {@link VendorSimulator} seeded, described in vendor-neutral terms so that the contract
 * suite can compare it with what the connector read.
 *
 * @param vendorCallId       the vendor's id of the call
 * @param startedAt          when the call started
 * @param isPrivate          whether the vendor marks the call private
 * @param participants       how many participants the vendor lists
 * @param transcriptSegments how many transcript segments the connector should produce (0: no transcript)
 * @param hasRecording       whether the vendor offers a recording
 */
public record SeededCall(String vendorCallId, Instant startedAt, boolean isPrivate, int participants,
                         int transcriptSegments, boolean hasRecording) {
    public SeededCall {
        Objects.requireNonNull(vendorCallId, "vendorCallId");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    public boolean hasTranscript() {
        return transcriptSegments > 0;
    }
}
