package com.callimport.imports;

import java.util.List;
import java.util.UUID;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.filters.JobServerFilter;
import org.jobrunr.server.BackgroundJobServer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Fails the run of a slice job that JobRunr gave up on (its retries for a lost database connection ran out),
 * so that no run stays RUNNING with no worker left and later sync passes of its connection are not held up.
 */
@Component
class AbandonedSlices implements JobServerFilter, SmartInitializingSingleton {
    private final ImportSlices slices;
    private final ImportSliceJob sliceJob;
    private final ObjectProvider<BackgroundJobServer> server;

    AbandonedSlices(ImportSlices slices, ImportSliceJob sliceJob, ObjectProvider<BackgroundJobServer> server) {
        this.slices = slices;
        this.sliceJob = sliceJob;
        this.server = server;
    }

    @Override
    public void afterSingletonsInstantiated() {
        server.ifAvailable(jobs -> jobs.getJobFilters().addAll(List.of(this)));
    }

    @Override
    public void onFailedAfterRetries(Job job) {
        var details = job.getJobDetails();
        if (!details.getClassName().equals(ImportSliceJob.class.getName()) || !details.getMethodName().equals("importSlice")
                || details.getJobParameters().isEmpty() || !(details.getJobParameters().getFirst().getObject() instanceof UUID sliceId)) {
            return;
        }
        slices.find(sliceId).ifPresent(slice -> sliceJob.failOnOurSide(slice.runId(), "a database that stayed unreachable"));
    }
}
