package com.callimport.estimates;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the estimator assumes before past runs of a platform calibrate it ({@code callimport.timeline.*}).
 *
 * @param queueLatency               the wait before a started run's first slice is picked up (half the job poll interval)
 * @param engineCallsPerSecond       calls one deployment stores per second when nothing else limits it
 * @param workerCallsPerSecond       calls one worker lists, downloads (small recordings) and stores per second: a slice's
 *                                   pages go one after another on one worker, so this work sits between its requests
 * @param typicalRecordingMegabytes  the size of a typical recording
 * @param downloadMegabytesPerSecond the bandwidth recordings are downloaded with
 * @param calibrationRuns            how many recent finished runs of a platform calibrate its estimates
 */
@ConfigurationProperties("callimport.timeline")
public record TimelineProperties(
        @DefaultValue("2500ms") Duration queueLatency,
        @DefaultValue("400") double engineCallsPerSecond,
        // measured: 1,000 calls in one slice spent 0.74 s a page of 100 beyond the budget's pace (2 cores, light load)
        @DefaultValue("135") double workerCallsPerSecond,
        @DefaultValue("20") double typicalRecordingMegabytes,
        @DefaultValue("50") double downloadMegabytesPerSecond,
        @DefaultValue("10") int calibrationRuns) {

    public TimelineProperties {
        if (engineCallsPerSecond <= 0 || workerCallsPerSecond <= 0 || downloadMegabytesPerSecond <= 0 || typicalRecordingMegabytes < 0) {
            throw new IllegalArgumentException("callimport.timeline: engine-calls-per-second, worker-calls-per-second and download-megabytes-per-second "
                    + "must be positive and typical-recording-megabytes not negative");
        }
    }
}
