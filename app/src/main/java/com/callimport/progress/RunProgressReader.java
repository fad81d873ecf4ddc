package com.callimport.progress;

import com.callimport.connections.OpenSources;
import com.callimport.estimates.TimelineEstimate;
import com.callimport.estimates.TimelineEstimator;
import com.callimport.imports.ImportRun;
import com.callimport.imports.ImportRunState;
import com.callimport.imports.ImportRuns;
import com.callimport.organizations.OrganizationId;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Reads one snapshot of a run's progress from PostgreSQL: the run row, its latest events and the estimate of the time left. */
@Component
public class RunProgressReader {
    private final ImportRuns runs;
    private final OpenSources sources;
    private final TimelineEstimator estimator;
    private final ProgressProperties properties;

    RunProgressReader(ImportRuns runs, OpenSources sources, TimelineEstimator estimator, ProgressProperties properties) {
        this.runs = runs;
        this.sources = sources;
        this.estimator = estimator;
        this.properties = properties;
    }

    /** @throws ImportRuns.ImportRunNotFound when the run is not the organization's */
    public RunProgress read(OrganizationId organization, UUID runId) {
        ImportRun run = runs.get(organization, runId);
        Optional<TimelineEstimate> remaining = run.state() == ImportRunState.RUNNING
                ? estimator.remaining(sources.connectorOf(organization, run.connectionId()), run)
                : Optional.empty();
        return new RunProgress(run.id(), organization, run.connectionId(), run.state(), run.stateReason(), run.expectedCalls(),
                run.expectedCallsExact(), run.counts(), TimelineEstimator.percentDone(run, remaining), remaining.map(TimelineEstimate::expectedFinish),
                remaining.map(TimelineEstimate::band), runs.latestEvents(runId, properties.recentEvents()));
    }
}
