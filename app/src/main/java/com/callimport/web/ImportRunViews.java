package com.callimport.web;

import com.callimport.connections.OpenSources;
import com.callimport.estimates.TimelineEstimate;
import com.callimport.estimates.TimelineEstimator;
import com.callimport.imports.ImportRun;
import com.callimport.imports.ImportRunState;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** An import run as the API shows it: counts, percent and, while it runs, the estimate of the time left. */
@Component
class ImportRunViews {
    private final OpenSources sources;
    private final TimelineEstimator estimator;
    private final Clock clock;

    ImportRunViews(OpenSources sources, TimelineEstimator estimator, Clock clock) {
        this.sources = sources;
        this.estimator = estimator;
        this.clock = clock;
    }

    ImportRunsApi.ImportRunView of(ImportRun run) {
        Optional<TimelineEstimate> remaining = run.state() == ImportRunState.RUNNING
                ? estimator.remaining(sources.connectorOf(run.organization(), run.connectionId()), run)
                : Optional.empty();
        return ImportRunsApi.ImportRunView.of(run, remaining, Instant.now(clock));
    }
}
