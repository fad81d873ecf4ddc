package com.callimport.imports;

import com.callimport.connections.ConnectionStatus;
import com.callimport.connections.Connections;
import com.callimport.connections.OpenSources;
import com.callimport.connector.CallCount;
import com.callimport.connector.CallPage;
import com.callimport.connector.CallSource;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.RequestPermits;
import com.callimport.credentials.CredentialVault;
import com.callimport.imports.ImportRun.Counts;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jobrunr.jobs.annotations.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.NonTransientDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The durable unit of an import: works one slice of a run page by page until the slice is done, the
 * run stops running, or another run waits for a worker ({@link ImportTurns}). Each page's calls,
 * exclusions, counts and next checkpoint commit in one transaction, so a crash repeats at most the
 * page in flight, and a second worker that raced on the same slice loses its commit instead of
 * doubling the counts.
 *
 * <p>Before every vendor request and download the worker reads the run's state from PostgreSQL, so a
 * pause or cancel from any instance stops its traffic at once; the page in flight is then dropped whole.
 * A job never ends with its run still RUNNING unless it passed its turn on to another slice: a fault that is
 * not the vendor's fails the run at once with its reason; only a lost database connection is left to JobRunr's
 * few retries ({@link AbandonedSlices} fails the run when those run out).
 *
 * <p>JobRunr runs it (and re-runs it after a crash); it must stay public for JobRunr to invoke it.
 */
@Component
public class ImportSliceJob {
    private static final Logger log = LoggerFactory.getLogger(ImportSliceJob.class);
    private static final String WORKER = ManagementFactory.getRuntimeMXBean().getName();
    static final int RETRIES = 3;

    private final ImportRuns runs;
    private final ImportSlices slices;
    private final OpenSources sources;
    private final Connections connections;
    private final VendorRetry retry;
    private final CallIntake intake;
    private final TransactionTemplate transaction;
    private final ImportTurns turns;
    private final Clock clock;
    private final ImportMetrics metrics;

    ImportSliceJob(ImportRuns runs, ImportSlices slices, OpenSources sources, Connections connections, VendorRetry retry,
                   CallIntake intake, TransactionTemplate transaction, ImportTurns turns, Clock clock, ImportMetrics metrics) {
        this.clock = clock;
        this.metrics = metrics;
        this.runs = runs;
        this.slices = slices;
        this.sources = sources;
        this.connections = connections;
        this.retry = retry;
        this.intake = intake;
        this.transaction = transaction;
        this.turns = turns;
    }

    @Job(name = "Import slice %0", retries = RETRIES)
    public void importSlice(UUID sliceId) throws InterruptedException {
        // one job is one turn of the workers (ADR 0011): it ends when others wait and passes the worker on
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
        String platform = "unknown"; // for the meters, should the connection be gone
        try {
            platform = connections.platformOf(run.organization(), run.connectionId());
            try (VendorRequestTally tally = new VendorRequestTally(run.id(), runs, clock);
                 CallSource source = sources.open(run.organization(), run.connectionId(), stillRunning(run.id()), tally::sent)) {
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
            }
        } catch (RunStopped stopped) {
            log.info("Run {} slice {}: stopped before its next vendor request ({})", run.id(), sliceId, stopped.getMessage());
        } catch (ConnectorException.AuthenticationFailed refused) {
            metrics.failure(platform, ImportMetrics.FailureCategory.AUTHENTICATION);
            connections.recordHealth(run.organization(), run.connectionId(), ConnectionStatus.NEEDS_ATTENTION, refused.getMessage());
            stop(run, ImportRunState.PAUSED, "paused: the vendor refused the credentials. " + refused.getMessage()
                    + " Then update the connection and resume the run.");
        } catch (ConnectorException.TemporarilyUnavailable | ConnectorException.RateLimited outage) {
            metrics.failure(platform, outage instanceof ConnectorException.RateLimited ? ImportMetrics.FailureCategory.RATE_LIMITED
                    : ImportMetrics.FailureCategory.TEMPORARILY_UNAVAILABLE);
            connections.recordHealth(run.organization(), run.connectionId(), ConnectionStatus.UNREACHABLE, outage.getMessage());
            stop(run, ImportRunState.PAUSED, "paused: the vendor stayed unavailable after every retry ("
                    + outage.getMessage() + "). Resume the run once the vendor is back; nothing imported is lost.");
        } catch (ConnectorException unreadable) { // UnexpectedResponse, the one category left
            metrics.failure(platform, ImportMetrics.FailureCategory.UNEXPECTED_RESPONSE);
            stop(run, ImportRunState.FAILED, "failed: the vendor answered something the connector cannot read ("
                    + unreadable.getMessage() + "). We were alerted; the run can be resumed after a fix.");
        } catch (CredentialVault.CredentialsUnreadable unreadable) {
            connections.recordHealth(run.organization(), run.connectionId(), ConnectionStatus.NEEDS_ATTENTION, unreadable.getMessage());
            stop(run, ImportRunState.PAUSED, "paused: this connection's stored credentials can no longer be read (the key that "
                    + "sealed them is gone). Reconnect it or enter its credentials again, then resume the run; nothing imported is lost.");
        } catch (TransientDataAccessException | CannotGetJdbcConnectionException databaseAway) {
            throw databaseAway; // JobRunr tries again shortly; nothing was committed
        } catch (RuntimeException fault) {
            // deterministic: retrying would fail the same way, so the run fails now rather than after hours of backoff
            log.error("Run {} slice {} failed on our side", run.id(), sliceId, fault);
            metrics.failure(platform, ImportMetrics.FailureCategory.INTERNAL);
            failOnOurSide(run.id(), fault instanceof NonTransientDataAccessException ? "a database error" : "an internal error");
        }
    }

    /** Fails a run whose worker met a fault of ours, with what the customer can do about it. */
    void failOnOurSide(UUID runId, String what) {
        stop(runs.getUnscoped(runId), ImportRunState.FAILED, "failed: the import could not continue because of " + what
                + " on our side, not at the vendor. We were alerted. Calls imported so far are kept; once we have fixed it, "
                + "resume the run and it continues from its last stored page.");
    }

    /**
     * Counts the vendor's calls in a run's window for its progress, in the job queue rather than in the request
     * that created the run (a vendor without a total is counted page by page). Public for JobRunr.
     */
    // repeated after a crash: a second count is harmless and planning happens once (ImportRuns#planIfUnplanned)
    @Job(name = "Count and plan run %0", retries = RETRIES)
    public void countCalls(UUID runId) throws InterruptedException {
        ImportRun run = runs.getUnscoped(runId);
        if (run.state() != ImportRunState.RUNNING) {
            return;
        }
        long counted = run.expectedCalls().orElse(0);
        if (run.expectedCalls().isEmpty()) {
            try (CallSource source = sources.open(run.organization(), run.connectionId(), stillRunning(runId))) {
                String platform = connections.platformOf(run.organization(), run.connectionId());
                CallCount count = retry.send(() -> source.countCalls(run.window()), new VendorRetry.Observer() {
                    @Override
                    public void rateLimited(Duration retryAfter) {
                        metrics.rateLimited(platform);
                    }

                    @Override
                    public void beforeAttempt() throws InterruptedException {
                        stillRunning(runId).awaitPermit();
                    }
                });
                runs.expect(runId, count);
                counted = count.calls();
            } catch (RunStopped stopped) {
                log.info("Run {}: count stopped ({})", runId, stopped.getMessage());
                return;
            } catch (ConnectorException | RuntimeException uncounted) {
                // the slices meet the same fault and say what to do; the run goes on without a percentage
                runs.record(runId, "UNCOUNTED", "the vendor's count of the window could not be had (" + uncounted.getMessage()
                        + "); progress shows the calls listed so far without a percentage");
            }
        }
        planAndEnqueue(run, counted);
    }

    /**
     * A run created without a count is planned once counted: its slices sized by the count (one slice without one).
     * Its slices then take turns like any started run's (ADR 0011); asking for turns again after a crash that
     * followed the planning only fills turns that are free.
     */
    private void planAndEnqueue(ImportRun run, long counted) {
        var connector = sources.connectorOf(run.organization(), run.connectionId());
        runs.planIfUnplanned(run.id(), SlicePlanner.plan(run.window(), counted, connector.listingCost()));
        turns.open(run.id());
    }

    /** A gate that lets a worker through only while its run is RUNNING, read afresh from the database. */
    private RequestPermits stillRunning(UUID runId) {
        return () -> {
            ImportRunState state = runs.stateOf(runId);
            if (state != ImportRunState.RUNNING) {
                throw new RunStopped(state.name().toLowerCase());
            }
        };
    }

    private void importNextPage(ImportRun run, ImportSlice slice, CallSource source, String platform)
            throws ConnectorException, InterruptedException {
        AtomicLong rateLimitWaits = new AtomicLong();
        RequestPermits running = stillRunning(run.id());
        VendorRetry.Observer observer = new VendorRetry.Observer() {
            @Override
            public void rateLimited(Duration retryAfter) {
                rateLimitWaits.incrementAndGet();
                metrics.rateLimited(platform);
            }

            @Override
            public void retrying(ConnectorException failure, Duration backoff) {
                log.info("Run {} slice {}: retrying in {} after: {}", run.id(), slice.id(), backoff, failure.getMessage());
            }

            @Override
            public void beforeAttempt() throws InterruptedException {
                running.awaitPermit();
            }
        };
        CallPage page = retry.send(() -> source.fetchPage(slice.window(), slice.position()), observer);

        CallIntake.Prepared prepared = intake.prepare(source, run.organization(), platform, page, observer);

        long[] stored = new long[3];
        Boolean committed = transaction.execute(status -> {
            // a page prepared whole is kept whole, unless the run was paused or cancelled meanwhile: then dropped whole
            if (runs.lockState(run.id()) != ImportRunState.RUNNING || !slices.advance(slice, page.next(), WORKER)) {
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
            stored[0] = written.imported();
            stored[1] = written.updated();
            stored[2] = failures;
            if (page.next().isEmpty() && slices.unfinished(run.id()) == 0) {
                runs.complete(run.id());
            }
            return true;
        });
        if (Boolean.TRUE.equals(committed)) {
            metrics.stored(platform, stored[0], stored[1], stored[2]);
        }
        if (!Boolean.TRUE.equals(committed)) {
            log.info("Run {} slice {}: page not committed (the run stopped, or another worker committed it first)", run.id(), slice.id());
        }
    }

    private void stop(ImportRun run, ImportRunState next, String reason) {
        if (!runs.transitionIf(run.id(), ImportRunState.RUNNING, next, reason)) {
            log.info("Run {} was no longer running when it would have become {}: {}", run.id(), next, reason);
        }
    }
}
