package com.callimport.imports;

import com.callimport.connections.ConnectionStatus;
import com.callimport.connections.Connections;
import com.callimport.connections.OpenSources;
import com.callimport.connector.CallPage;
import com.callimport.connector.CallSource;
import com.callimport.connector.ConnectorException;
import com.callimport.imports.ImportRun.Counts;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jobrunr.jobs.annotations.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The durable unit of an import: works one slice of a run page by page until the slice is done, the
 * run stops running, or another run waits for a worker ({@link ImportTurns}). Each page's calls,
 * exclusions, counts and next checkpoint commit in one transaction, so a crash repeats at most the
 * page in flight, and a second worker that raced on the same slice loses its commit instead of
 * doubling the counts.
 *
 * <p>JobRunr runs it (and re-runs it after a crash); it must stay public for JobRunr to invoke it.
 */
@Component
public class ImportSliceJob {
    private static final Logger log = LoggerFactory.getLogger(ImportSliceJob.class);
    private static final String WORKER = ManagementFactory.getRuntimeMXBean().getName();

    private final ImportRuns runs;
    private final ImportSlices slices;
    private final OpenSources sources;
    private final Connections connections;
    private final VendorRetry retry;
    private final CallIntake intake;
    private final TransactionTemplate transaction;
    private final ImportTurns turns;

    ImportSliceJob(ImportRuns runs, ImportSlices slices, OpenSources sources, Connections connections, VendorRetry retry,
                   CallIntake intake, TransactionTemplate transaction, ImportTurns turns) {
        this.runs = runs;
        this.slices = slices;
        this.sources = sources;
        this.connections = connections;
        this.retry = retry;
        this.intake = intake;
        this.transaction = transaction;
        this.turns = turns;
    }

    @Job(name = "Import slice %0")
    public void importSlice(UUID sliceId) throws InterruptedException {
        // one job is one turn of the workers (ADR 0007): it ends when others wait and passes the worker on
        if (!turns.begin(sliceId)) {
            return;
        }
        workSlice(sliceId);
        turns.pass(sliceId);
    }

    private void workSlice(UUID sliceId) throws InterruptedException {
        ImportSlice first = slices.find(sliceId).orElse(null);
        if (first == null) {
            return; // the run was deleted with its connection
        }
        ImportRun run = runs.getUnscoped(first.runId());
        String platform = connections.get(run.organization(), run.connectionId()).platform();
        try (CallSource source = sources.open(run.organization(), run.connectionId())) {
            while (true) {
                ImportSlice slice = slices.find(sliceId).orElseThrow();
                ImportRunState state = runs.getUnscoped(slice.runId()).state();
                if (slice.state() == ImportSlice.SliceState.DONE || state != ImportRunState.RUNNING) {
                    return;
                }
                importNextPage(run, slice, source, platform);
                if (turns.othersWait(run)) {
                    return;
                }
            }
        } catch (ConnectorException.AuthenticationFailed refused) {
            connections.recordHealth(run.organization(), run.connectionId(), ConnectionStatus.NEEDS_ATTENTION, refused.getMessage());
            stop(run, ImportRunState.PAUSED, "paused: the vendor refused the credentials. " + refused.getMessage()
                    + " Then update the connection and resume the run.");
        } catch (ConnectorException.TemporarilyUnavailable | ConnectorException.RateLimited outage) {
            connections.recordHealth(run.organization(), run.connectionId(), ConnectionStatus.UNREACHABLE, outage.getMessage());
            stop(run, ImportRunState.PAUSED, "paused: the vendor stayed unavailable after every retry ("
                    + outage.getMessage() + "). Resume the run once the vendor is back; nothing imported is lost.");
        } catch (ConnectorException unreadable) { // UnexpectedResponse, the one category left
            stop(run, ImportRunState.FAILED, "failed: the vendor answered something the connector cannot read ("
                    + unreadable.getMessage() + "). We were alerted; the run can be resumed after a fix.");
        }
    }

    private void importNextPage(ImportRun run, ImportSlice slice, CallSource source, String platform)
            throws ConnectorException, InterruptedException {
        AtomicLong rateLimitWaits = new AtomicLong();
        VendorRetry.Observer observer = new VendorRetry.Observer() {
            @Override
            public void rateLimited(Duration retryAfter) {
                rateLimitWaits.incrementAndGet();
            }

            @Override
            public void retrying(ConnectorException failure, Duration backoff) {
                log.info("Run {} slice {}: retrying in {} after: {}", run.id(), slice.id(), backoff, failure.getMessage());
            }
        };
        CallPage page = retry.send(() -> source.fetchPage(slice.window(), slice.position()), observer);

        CallIntake.Prepared prepared = intake.prepare(source, run.organization(), platform, page, observer);

        Boolean committed = transaction.execute(status -> {
            if (!slices.advance(slice, page.next(), WORKER)) {
                status.setRollbackOnly();
                return false;
            }
            CallIntake.Written written = intake.write(prepared, run.organization(), run.connectionId(), platform, run.id());
            long skipped = 0;
            for (CallPage.SkippedCall skip : page.skipped()) {
                skipped += runs.exclude(run.id(), skip.vendorCallId(), "SKIPPED", skip.reason());
            }
            long failures = 0;
            for (CallPage.FailedCall failure : prepared.failed()) {
                failures += runs.exclude(run.id(), failure.vendorCallId(), "FAILED", failure.reason());
            }
            long listed = written.imported() + written.updated() + written.unchanged() + skipped + failures;
            runs.addCounts(run.id(), new Counts(listed, written.imported(), written.updated(), written.unchanged(), skipped, failures),
                    rateLimitWaits.get());
            if (page.next().isEmpty() && slices.unfinished(run.id()) == 0) {
                runs.complete(run.id());
            }
            return true;
        });
        if (!Boolean.TRUE.equals(committed)) {
            log.info("Run {} slice {}: another worker committed this page first; re-reading the slice", run.id(), slice.id());
        }
    }

    private void stop(ImportRun run, ImportRunState next, String reason) {
        if (!runs.transitionIf(run.id(), ImportRunState.RUNNING, next, reason)) {
            log.info("Run {} was no longer running when it would have become {}: {}", run.id(), next, reason);
        }
    }
}
