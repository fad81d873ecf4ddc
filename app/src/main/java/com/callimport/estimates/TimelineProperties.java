package com.callimport.estimates;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the estimator assumes before past runs of a platform calibrate it ({@code callimport.timeline.*}).
 *
 * @param queueLatency               the wait before a started run's first slice is picked up (half the job poll interval)
 * @param engineCallsPerSecond       calls one deployment stores per second when nothing else limits it
 * @param typicalRecordingMegabytes  the size of a typical recording
 * @param downloadMegabytesPerSecond the bandwidth recordings are downloaded with
 * @param calibrationRuns            how many recent finished runs of a platform calibrate its estimates
 */
@ConfigurationProperties("callimport.timeline")
public record TimelineProperties(
        @DefaultValue("2500ms") Duration queueLatency,
        @DefaultValue("400") double engineCallsPerSecond,
        @DefaultValue("20") double typicalRecordingMegabytes,
        @DefaultValue("50") double downloadMegabytesPerSecond,
        @DefaultValue("10") int calibrationRuns) {

    public TimelineProperties {
        if (engineCallsPerSecond <= 0 || downloadMegabytesPerSecond <= 0 || typicalRecordingMegabytes < 0) {
            throw new IllegalArgumentException("callimport.timeline: engine-calls-per-second and download-megabytes-per-second "
                    + "must be positive and typical-recording-megabytes not negative");
        }
    }
}
