package com.callimport.imports;

import com.callimport.EngineProperties;
import com.callimport.connections.ConnectionStatus;
import com.callimport.connections.Connections;
import com.callimport.connections.OpenSources;
import com.callimport.connector.CallCount;
import com.callimport.connector.CallSource;
import com.callimport.connector.Connector;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.DateWindow;
import com.callimport.organizations.OrganizationId;
import java.time.Clock;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.UUID;
import org.jobrunr.scheduling.JobScheduler;
import org.springframework.stereotype.Component;

/**
 * What a customer (or the API on their behalf) does with import runs: create, start, pause, resume,
 * cancel. Starting and resuming hand each unfinished slice to the job queue, where any instance's
 * workers pick it up.
 */
@Component
public class ImportControl {
    private final ImportRuns runs;
    private final ImportSlices slices;
    private final OpenSources sources;
    private final VendorRetry retry;
    private final VendorRetry requestRetry;
    private final JobScheduler jobs;
    private final ImportSliceJob sliceJob;
    private final Connections connections;
    private final Clock clock;

    ImportControl(ImportRuns runs, ImportSlices slices, OpenSources sources, VendorRetry retry, JobScheduler jobs,
                  ImportSliceJob sliceJob, Connections connections, EngineProperties properties, Clock clock) {
        this.connections = connections;
        this.runs = runs;
        this.slices = slices;
        this.sources = sources;
        this.retry = retry;
        // creating a run answers a customer: its count retries transient faults for a few seconds only
        this.requestRetry = retry.within(properties.retry().requestBudget());
        this.jobs = jobs;
        this.sliceJob = sliceJob;
        this.clock = clock;
    }

    /** Counts the calls at the vendor (one cheap request) so that progress has a denominator from the start. */
    public ImportRun create(OrganizationId organization, UUID connectionId, DateWindow window)
            throws ConnectorException, InterruptedException {
        return create(organization, connectionId, ImportRun.Kind.BACKFILL, window, requestRetry);
    }

    /** For the engine's own jobs (sync passes), which may wait out a vendor's fault as long as an import would. */
    public ImportRun create(OrganizationId organization, UUID connectionId, ImportRun.Kind kind, DateWindow window)
            throws ConnectorException, InterruptedException {
        return create(organization, connectionId, kind, window, retry);
    }

    private ImportRun create(OrganizationId organization, UUID connectionId, ImportRun.Kind kind, DateWindow window,
                             VendorRetry retry) throws ConnectorException, InterruptedException {
        if (window.from().isAfter(Instant.now(clock))) {
            throw new IllegalArgumentException("from: the window starts at " + window.from() + ", in the future; nothing to import yet");
        }
        Connector connector = sources.connectorOf(organization, connectionId);
        CallCount count;
        try (CallSource source = sources.open(organization, connectionId)) {
            count = retry.send(() -> source.countCalls(window), VendorRetry.Observer.NONE);
        } catch (ConnectorException.AuthenticationFailed refused) {
            connections.recordHealth(organization, connectionId, ConnectionStatus.NEEDS_ATTENTION, refused.getMessage());
            throw refused;
        }
        return runs.create(organization, connectionId, kind, window, window.slices(connector.preferredSliceLength()),
                OptionalLong.of(count.calls()), count.exact(), count.callRequests());
    }

    public ImportRun start(OrganizationId organization, UUID runId) {
        runs.get(organization, runId);
        ImportRun run = runs.transition(runId, ImportRunState.RUNNING, null);
        enqueueUnfinishedSlices(runId);
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
        for (UUID sliceId : slices.pending(runId)) {
            jobs.enqueue(() -> sliceJob.importSlice(sliceId));
        }
    }
}
