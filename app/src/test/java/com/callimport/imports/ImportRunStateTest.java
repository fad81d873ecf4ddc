package com.callimport.imports;

import static com.callimport.imports.ImportRunState.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImportRunStateTest {

    private static final Map<ImportRunState, Set<ImportRunState>> EXPECTED = Map.of(
            QUEUED, EnumSet.of(RUNNING, CANCELLED),
            RUNNING, EnumSet.of(PAUSED, SUCCEEDED, FAILED, CANCELLED),
            PAUSED, EnumSet.of(RUNNING, CANCELLED),
            FAILED, EnumSet.of(RUNNING, CANCELLED),
            SUCCEEDED, EnumSet.noneOf(ImportRunState.class),
            CANCELLED, EnumSet.noneOf(ImportRunState.class));

    @Test
    void everyStateAllowsExactlyTheMovesInTheTable() {
        for (ImportRunState from : ImportRunState.values()) {
            for (ImportRunState to : ImportRunState.values()) {
                assertThat(from.canMoveTo(to))
                        .as("%s -> %s", from, to)
                        .isEqualTo(EXPECTED.get(from).contains(to));
            }
        }
    }

    @Test
    void onlySucceededAndCancelledAreFinal() {
        assertThat(EnumSet.allOf(ImportRunState.class).stream().filter(ImportRunState::isFinal))
                .containsExactlyInAnyOrder(SUCCEEDED, CANCELLED);
    }
}
