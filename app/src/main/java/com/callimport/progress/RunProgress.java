package com.callimport.progress;

import com.callimport.imports.ImportRun;
import com.callimport.imports.ImportRunState;
import com.callimport.imports.ImportRuns.ImportEvent;
import com.callimport.organizations.OrganizationId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * What a follower of a run sees at one moment: its state and why, the exact counts, the percent and the estimated
 * finish (both empty when the vendor's count is missing or only a lower bound) and its latest events, newest first.
 * Two snapshots are equal when nothing a follower would see has changed.
 */
public record RunProgress(
        UUID runId,
        OrganizationId organization,
        UUID connectionId,
        ImportRunState state,
        String stateReason,
        OptionalLong expectedCalls,
        boolean expectedCallsExact,
        ImportRun.Counts counts,
        Optional<Double> percentDone,
        Optional<Instant> estimatedFinish,
        Optional<String> timeline,
        List<ImportEvent> recentEvents) {

    public RunProgress {
        recentEvents = List.copyOf(recentEvents);
    }

    /** Whether the run has ended for good (succeeded or cancelled); a failed or paused run can still be resumed. */
    public boolean ended() {
        return state.isFinal();
    }

    /** Whether no worker will make progress until someone acts: ended, failed or paused. */
    public boolean stopped() {
        return state != ImportRunState.RUNNING && state != ImportRunState.QUEUED;
    }
}
