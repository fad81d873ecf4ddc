package com.callimport.connectors.fathom;

import com.callimport.connector.Checkpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FathomCheckpointTest {

    @Test
    void readsBackTheCursorItWrote() {
        Checkpoint written = new FathomCheckpoint("eyJvZmZzZXQiOjEwfQ").write();
        assertThat(written.value()).isEqualTo("f1:eyJvZmZzZXQiOjEwfQ");
        assertThat(FathomCheckpoint.read(written).cursor()).isEqualTo("eyJvZmZzZXQiOjEwfQ");
    }

    @Test
    void startsWithoutACursor() {
        assertThat(FathomCheckpoint.read(Checkpoint.START)).isEqualTo(FathomCheckpoint.START);
        assertThat(FathomCheckpoint.START.write()).isEqualTo(Checkpoint.START);
    }

    @Test
    void refusesAnotherConnectorsCheckpoint() {
        assertThatThrownBy(() -> FathomCheckpoint.read(new Checkpoint("g1:2:abc"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Fathom");
    }
}
