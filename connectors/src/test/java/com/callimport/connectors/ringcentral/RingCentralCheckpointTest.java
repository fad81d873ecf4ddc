package com.callimport.connectors.ringcentral;

import com.callimport.connector.Checkpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RingCentralCheckpointTest {

    @Test
    void startsAtPageOneWithTheLargestPage() {
        assertThat(RingCentralCheckpoint.read(Checkpoint.START)).isEqualTo(new RingCentralCheckpoint(1, 1000));
    }

    @Test
    void readsBackWhatItWrote() {
        RingCentralCheckpoint next = RingCentralCheckpoint.start().following(250);
        assertThat(next.write().value()).isEqualTo("rc1:2:250");
        assertThat(RingCentralCheckpoint.read(new Checkpoint("rc1:2:250"))).isEqualTo(next);
    }

    @Test
    void refusesAnotherConnectorsCheckpoint() {
        assertThatThrownBy(() -> RingCentralCheckpoint.read(new Checkpoint("g1:1:abc")))
                .hasMessageContaining("not written by the RingCentral connector");
        assertThatThrownBy(() -> RingCentralCheckpoint.read(new Checkpoint("rc1:0:100")))
                .hasMessageContaining("from 1");
    }
}
