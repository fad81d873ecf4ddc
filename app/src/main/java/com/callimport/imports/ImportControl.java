package com.callimport.imports;

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
import org.springframework.stereotype.Component;

/**
 * What a customer (or the API on their behalf) does with import runs: create, start, pause, resume,
 * cancel. Starting and resuming hand the run's unfinished slices to the job queue, as many at a time
 * as its organization's fair share allows ({@link ImportTurns}); any instance's workers pick them up.
 */
@Component
public class ImportControl {
    private final ImportRuns runs;
    private final ImportSlices slices;
    private final OpenSources sources;
    private final VendorRetry retry;
    private final ImportTurns turns;
    private final Connections connections;
    private final Clock clock;

    ImportControl(ImportRuns runs, ImportSlices slices, OpenSources sources, VendorRetry retry, ImportTurns turns,
                  Connections connections, Clock clock) {
        this.connections = connections;
        this.runs = runs;
        this.slices = slices;
        this.sources = sources;
        this.retry = retry;
        this.turns = turns;
        this.clock = clock;
    }

    /** Counts the calls at the vendor (one cheap request) so that progress has a denominator from the start. */
    public ImportRun create(OrganizationId organization, UUID connectionId, DateWindow window)
            throws ConnectorException, InterruptedException {
        return create(organization, connectionId, ImportRun.Kind.BACKFILL, window);
    }

    public ImportRun create(OrganizationId organization, UUID connectionId, ImportRun.Kind kind, DateWindow window)
            throws ConnectorException, InterruptedException {
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
        OptionalLong expected = OptionalLong.of(count.calls());
        return runs.create(organization, connectionId, kind, window, window.slices(connector.preferredSliceLength()), expected);
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
        turns.open(runId); // a fair share of the workers, not every slice at once (ADR 0007)
    }
}
