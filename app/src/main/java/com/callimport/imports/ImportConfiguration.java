package com.callimport.imports;

import com.callimport.EngineProperties;
import com.callimport.ratelimits.Sleeper;
import com.callimport.recordings.BlobStore;
import java.time.Duration;
import org.jobrunr.scheduling.JobScheduler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ImportConfiguration {
    static final String TURN_SWEEP_JOB = "import-turns-sweep";

    @Bean
    VendorRetry vendorRetry(EngineProperties properties) {
        return new VendorRetry(properties.retry(), Sleeper.REAL);
    }

    @Bean
    RecordingDownloads recordingDownloads(BlobStore blobs, VendorRetry retry, EngineProperties properties) {
        return new RecordingDownloads(blobs, retry, properties.parallelDownloads());
    }

    /** The safety net for turns lost in a crash between their commit and their queueing (ADR 0011). */
    @Bean
    ApplicationRunner scheduleImportTurnSweep(JobScheduler jobs, ImportTurns turns,
                                              @Value("${callimport.imports.turn-sweep-interval:1m}") Duration every) {
        return arguments -> jobs.scheduleRecurrently(TURN_SWEEP_JOB, every, () -> turns.sweep());
    }

    /** Missing recordings are fetched again on whichever instance is free. */
    @Bean
    ApplicationRunner scheduleMissingRecordings(JobScheduler jobs, MissingRecordings missing,
                                                @Value("${callimport.recordings.retry-interval:5m}") Duration interval) {
        return arguments -> jobs.scheduleRecurrently("missing-recordings", interval, () -> missing.fetchDue());
    }
}
