package com.callimport.imports;

import com.callimport.connector.Checkpoint;
import com.callimport.connector.DateWindow;
import java.util.UUID;

/**
 * One part of a run's window with its own checkpoint. {@code pagesDone} versions the checkpoint: a
 * page commits only if no other worker committed one since this worker read the slice.
 */
record ImportSlice(UUID id, UUID runId, DateWindow window, SliceState state, Checkpoint position, int pagesDone) {

    enum SliceState { PENDING, DONE }
}
