package com.callimport.web;

import com.callimport.connector.DateWindow;
import com.callimport.connections.OpenSources;
import com.callimport.estimates.TimelineEstimate;
import com.callimport.estimates.TimelineEstimator;
import com.callimport.imports.ImportControl;
import com.callimport.imports.ImportRun;
import com.callimport.imports.ImportRunState;
import com.callimport.imports.ImportRuns;
import com.callimport.organizations.OrganizationId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Import runs: create, start, pause, resume, cancel, and watch progress. */
@RestController
@RequestMapping("/api/import-runs")
class ImportRunsApi {
    private final ImportControl control;
    private final ImportRuns runs;
    private final ImportRunViews views;

    ImportRunsApi(ImportControl control, ImportRuns runs, ImportRunViews views) {
        this.control = control;
        this.runs = runs;
        this.views = views;
    }

    /** @param start whether to start at once (default true); false leaves the run queued for a later start */
    record NewImportRun(UUID connectionId, Instant from, Instant to, Boolean start) {
    }

    record Counts(long listed, long imported, long updated, long unchanged, long skipped, long failed) {
    }

    /**
     * @param expectedCallsExact whether {@code expectedCalls} is exact or only "at least" (then no percent is given)
     * @param estimatedFinish while running: when the run should end, from the vendor-budget model blended toward
     *                        the pace the run has kept as it progresses
     * @param timeline        while running: the plain-language band of the time left and what bounds it
     */
    record ImportRunView(UUID id, UUID connectionId, ImportRun.Kind kind, DateWindow window, ImportRunState state, String stateReason,
                         Long expectedCalls, boolean expectedCallsExact, Counts counts, Double percentDone, Instant estimatedFinish, String timeline,
                         long rateLimitWaits, double secondsRunning, Instant createdAt, Instant startedAt, Instant finishedAt) {
        static ImportRunView of(ImportRun run, Optional<TimelineEstimate> remaining, Instant now) {
            var counts = run.counts();
            return new ImportRunView(run.id(), run.connectionId(), run.kind(), run.window(), run.state(), run.stateReason(),
                    run.expectedCalls().isPresent() ? run.expectedCalls().getAsLong() : null, run.expectedCallsExact(),
                    new Counts(counts.listed(), counts.imported(), counts.updated(), counts.unchanged(), counts.skipped(), counts.failed()),
                    TimelineEstimator.percentDone(run, remaining).orElse(null), remaining.map(TimelineEstimate::expectedFinish).orElse(null),
                    remaining.map(estimate -> estimate.band() + " (" + estimate.basis() + ")").orElse(null), run.rateLimitWaits(),
                    run.timeRunning(now).toMillis() / 1000.0, run.createdAt(), run.startedAt(), run.finishedAt());
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ImportRunView create(OrganizationId organization, @RequestBody NewImportRun request) {
        if (request.connectionId() == null) {
            throw new IllegalArgumentException("connectionId: name the connection to import from");
        }
        ImportRun run = control.create(organization, request.connectionId(), window(request.from(), request.to()));
        if (request.start() == null || request.start()) {
            run = control.start(organization, run.id());
        }
        return view(run);
    }

    @GetMapping
    List<ImportRunView> list(OrganizationId organization, @RequestParam Optional<UUID> connectionId) {
        return runs.list(organization, connectionId).stream().map(this::view).toList();
    }

    @GetMapping("/{id}")
    ImportRunView get(OrganizationId organization, @PathVariable UUID id) {
        return view(runs.get(organization, id));
    }

    @PostMapping("/{id}/start")
    ImportRunView start(OrganizationId organization, @PathVariable UUID id) {
        return view(control.start(organization, id));
    }

    @PostMapping("/{id}/pause")
    ImportRunView pause(OrganizationId organization, @PathVariable UUID id) {
        return view(control.pause(organization, id));
    }

    @PostMapping("/{id}/resume")
    ImportRunView resume(OrganizationId organization, @PathVariable UUID id) {
        return view(control.resume(organization, id));
    }

    @PostMapping("/{id}/cancel")
    ImportRunView cancel(OrganizationId organization, @PathVariable UUID id) {
        return view(control.cancel(organization, id));
    }

    @GetMapping("/{id}/events")
    List<ImportRuns.ImportEvent> events(OrganizationId organization, @PathVariable UUID id) {
        return runs.events(organization, id);
    }

    /** Every call the run skipped or failed, with its reason. */
    @GetMapping("/{id}/exclusions")
    List<ImportRuns.Exclusion> exclusions(OrganizationId organization, @PathVariable UUID id) {
        return runs.exclusions(organization, id);
    }

    private ImportRunView view(ImportRun run) {
        return views.of(run);
    }

    static DateWindow window(Instant from, Instant to) {
        if (from == null) {
            throw new IllegalArgumentException("from: give the window's start as an ISO-8601 instant, e.g. 2026-01-01T00:00:00Z");
        }
        if (to == null) {
            throw new IllegalArgumentException("to: give the window's end as an ISO-8601 instant, e.g. 2026-02-01T00:00:00Z");
        }
        return new DateWindow(from, to);
    }
}
