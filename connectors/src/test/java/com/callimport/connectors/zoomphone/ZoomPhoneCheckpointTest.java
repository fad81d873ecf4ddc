package com.callimport.connectors.zoomphone;

import com.callimport.connector.Checkpoint;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZoomPhoneCheckpointTest {
    private static final Instant PART = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void startsAtTheWindowsFirstPartWithNothingDelivered() {
        assertThat(ZoomPhoneCheckpoint.read(Checkpoint.START, PART)).isEqualTo(ZoomPhoneCheckpoint.startOf(PART));
    }

    @Test
    void readsBackWhatItWroteEvenAPageTokenWithColons() {
        ZoomPhoneCheckpoint mid = new ZoomPhoneCheckpoint(PART, 300, Optional.of("BJLY:C6PA:x"), Optional.of(Instant.parse("2026-06-15T12:00:00Z")));
        assertThat(ZoomPhoneCheckpoint.read(mid.write(), Instant.EPOCH)).isEqualTo(mid);
        assertThat(ZoomPhoneCheckpoint.read(ZoomPhoneCheckpoint.startOf(PART).write(), Instant.EPOCH)).isEqualTo(ZoomPhoneCheckpoint.startOf(PART));
    }

    @Test
    void refusesAnotherConnectorsCheckpoint() {
        assertThatThrownBy(() -> ZoomPhoneCheckpoint.read(new Checkpoint("rc1:2:250"), PART))
                .hasMessageContaining("not written by the Zoom Phone connector");
    }
}
