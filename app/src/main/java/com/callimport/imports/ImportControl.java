package com.callimport.imports;

import com.callimport.connections.OpenSources;
import com.callimport.connector.CallCount;
import com.callimport.connector.Connector;
import com.callimport.connector.DateWindow;
import com.callimport.organizations.OrganizationId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.jobrunr.scheduling.JobScheduler;
import org.springframework.stereotype.Component;

/**
 * What a customer (or the API on their behalf) does with import runs: create, start, pause, resume,
 * cancel. Starting and resuming hand the run's unfinished slices to the job queue, as many at a time
 * as its organization's fair share allows ({@link ImportTurns}); any instance's workers pick them up. A run
 * not yet planned is first counted and planned by its own job, which then hands its slices on the same way.
 */
@Component
public class ImportControl {
    private final ImportRuns runs;
    private final ImportSlices slices;
    private final OpenSources sources;
    private final VendorCallCounts counts;
    private final JobScheduler jobs;
    private final ImportSliceJob sliceJob;
    private final ImportTurns turns;
    private final Clock clock;

    ImportControl(ImportRuns runs, ImportSlices slices, OpenSources sources, VendorCallCounts counts, JobScheduler jobs,
                  ImportSliceJob sliceJob, ImportTurns turns, Clock clock) {
        this.runs = runs;
        this.slices = slices;
        this.sources = sources;
        this.counts = counts;
        this.jobs = jobs;
        this.sliceJob = sliceJob;
        this.turns = turns;
        this.clock = clock;
    }

    /**
     * Creates a run without asking the vendor anything: a fresh preview's count of the same window becomes its
     * denominator at once; otherwise the run's own job counts while the slices import.
     */
    public ImportRun create(OrganizationId organization, UUID connectionId, DateWindow window) {
        return create(organization, connectionId, ImportRun.Kind.BACKFILL, window);
    }

    /** As {@link #create(OrganizationId, UUID, DateWindow)}, for a person signed in to the web app: its emails go to them. */
    public ImportRun create(OrganizationId organization, UUID connectionId, DateWindow window, UUID startedBy) {
        ImportRun run = create(organization, connectionId, ImportRun.Kind.BACKFILL, window);
        runs.startedBy(organization, run.id(), startedBy);
        return run;
    }

    public ImportRun create(OrganizationId organization, UUID connectionId, ImportRun.Kind kind, DateWindow window) {
        if (kind == ImportRun.Kind.BACKFILL) {
            ImportWindows.check(window, Instant.now(clock));
        } else if (window.from().isAfter(Instant.now(clock))) {
            throw new IllegalArgumentException("from: the window starts at " + window.from() + ", in the future; nothing to import yet");
        }
        Connector connector = sources.connectorOf(organization, connectionId);
        // a fresh preview's count plans the slices now; otherwise the run's first job counts, then plans
        Optional<CallCount> fresh = counts.fresh(connectionId, window);
        List<DateWindow> slices = fresh.map(count -> SlicePlanner.plan(window, count.calls(), connector.listingCost())).orElse(List.of());
        return runs.create(organization, connectionId, kind, window, slices, fresh.stream().mapToLong(CallCount::calls).findFirst(),
                fresh.map(CallCount::exact).orElse(true), fresh.map(CallCount::callRequests).orElse(OptionalLong.empty()));
    }

    public ImportRun start(OrganizationId organization, UUID runId) {
        runs.get(organization, runId);
        ImportRun run = runs.transition(runId, ImportRunState.RUNNING, null);
        if (run.expectedCalls().isEmpty() || !slices.planned(runId)) {
            // counts the window, then plans the slices of a run that has none yet and hands them to the queue
            jobs.enqueue(() -> sliceJob.countCalls(runId));
        }
        if (slices.planned(runId)) {
            enqueueUnfinishedSlices(runId);
        }
        return run;
    }

    public ImportRun pause(OrganizationId organization, UUID runId) {
        runs.get(organization, runId);
        return runs.transition(runId, ImportRunState.PAUSED, "paused by the customer; resume to continue from the last stored page");
    }

    public ImportRun resume(OrganizationId organization, UUID runId) {
        return start(organization, runId);
    }

    public ImportRun cancel(OrganizationId organization, UUID runId) {
        runs.get(organization, runId);
        return runs.transition(runId, ImportRunState.CANCELLED, "cancelled by the customer; calls already imported stay");
    }

    private void enqueueUnfinishedSlices(UUID runId) {
        if (slices.unfinished(runId) == 0) {
            runs.complete(runId);
            return;
        }
        turns.open(runId); // a fair share of the workers, not every slice at once (ADR 0011)
    }
}
