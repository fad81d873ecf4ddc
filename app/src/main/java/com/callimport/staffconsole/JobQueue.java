package com.callimport.staffconsole;

import java.time.Instant;
import java.util.List;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.JobStats;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.navigation.AmountRequest;
import org.springframework.stereotype.Component;

/**
 * The job queue's own figures, read from JobRunr's storage (the same PostgreSQL every instance shares): jobs by
 * state, the servers working the queue and the latest failures. JobRunr's own dashboard stays off (it would be a
 * second, unauthenticated web server); see ADR 0018.
 */
@Component
public class JobQueue {
    private final StorageProvider storage;

    JobQueue(StorageProvider storage) {
        this.storage = storage;
    }

    /** Jobs in each state now, and the queue's servers and recurring jobs. */
    public record Figures(long scheduled, long enqueued, long processing, long succeeded, long failed, long deleted,
                          long allTimeSucceeded, int recurringJobs, int servers) {
    }

    /** One failed job: what it was, when it failed, and the exception's message (never its stack). */
    public record Failure(String id, String name, Instant failedAt, String exception, String message) {
    }

    /** A server working the queue: where it runs, its workers and when it last said it is alive. */
    public record Server(String name, int workers, boolean running, Instant lastHeartbeat) {
    }

    public Figures figures() {
        JobStats stats = storage.getJobStats();
        return new Figures(value(stats.getScheduled()), value(stats.getEnqueued()), value(stats.getProcessing()),
                value(stats.getSucceeded()), value(stats.getFailed()), value(stats.getDeleted()), value(stats.getAllTimeSucceeded()),
                stats.getRecurringJobs(), stats.getBackgroundJobServers());
    }

    public List<Failure> latestFailures(int limit) {
        return storage.getJobList(StateName.FAILED, new AmountRequest("updatedAt:DESC", limit)).stream().map(JobQueue::failure).toList();
    }

    public List<Server> servers() {
        return storage.getBackgroundJobServers().stream()
                .map(server -> new Server(server.getName(), server.getWorkerPoolSize(), server.isRunning(), server.getLastHeartbeat()))
                .toList();
    }

    private static Failure failure(Job job) {
        String exception = "";
        String message = "";
        if (job.getJobState() instanceof FailedState failed) {
            exception = failed.getExceptionType();
            message = failed.getExceptionMessage();
        }
        return new Failure(job.getId().toString(), job.getJobName(), job.getUpdatedAt(), exception == null ? "" : exception,
                message == null ? "" : message);
    }

    private static long value(Long figure) {
        return figure == null ? 0 : figure;
    }
}
