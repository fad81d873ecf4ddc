package com.callimport.connectors.grain;

import com.callimport.connector.Checkpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GrainCheckpointTest {

    @Test
    void readsBackTheCursorItWrote() {
        Checkpoint written = new GrainCheckpoint("abc123").write();
        assertThat(written.value()).isEqualTo("gr1:abc123");
        assertThat(GrainCheckpoint.read(written).cursor()).isEqualTo("abc123");
        assertThat(GrainCheckpoint.read(Checkpoint.START)).isEqualTo(GrainCheckpoint.START);
    }

    @Test
    void refusesAnotherConnectorsCheckpoint() {
        assertThatThrownBy(() -> GrainCheckpoint.read(new Checkpoint("f1:abc"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Grain");
    }
}
