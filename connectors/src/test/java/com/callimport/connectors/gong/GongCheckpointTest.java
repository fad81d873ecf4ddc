package com.callimport.connectors.gong;

import com.callimport.connector.Checkpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GongCheckpointTest {

    @Test
    void writesAVersionedValueThatReadsBackTheSame() {
        GongCheckpoint after = GongCheckpoint.START.following("eyJjdXJzb3IiOjF9:with:colons");
        Checkpoint written = after.write();
        assertThat(written.value()).startsWith("g1:1:");
        assertThat(GongCheckpoint.read(new Checkpoint(written.value()))).isEqualTo(after);
    }

    @Test
    void readsTheEnginesStartAsTheStartOfTheListing() {
        assertThat(GongCheckpoint.read(Checkpoint.START)).isEqualTo(GongCheckpoint.START);
        assertThat(GongCheckpoint.START.write()).isEqualTo(Checkpoint.START);
    }

    @Test
    void refusesAPositionItDidNotWrite() {
        assertThatThrownBy(() -> GongCheckpoint.read(new Checkpoint("page=3")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not written by the Gong connector");
        assertThatThrownBy(() -> GongCheckpoint.read(new Checkpoint("g1:x:cursor")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
