package com.callimport.transcription;

import com.callimport.calls.CallStore;
import com.callimport.recordings.BlobStore;
import java.time.Duration;
import org.jobrunr.scheduling.JobScheduler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/** With a transcription server configured, a recurring job drains the queue; without one, calls wait visibly. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${callimport.transcription.url:}' != ''")
class TranscriptionConfiguration {
    static final String RECURRING_JOB = "transcribe-waiting-calls";

    @Bean
    TranscriptionProvider transcriptionProvider(TranscriptionProperties properties) {
        return new OpenAiCompatibleTranscriber(properties);
    }

    @Bean
    TranscriptionQueue transcriptionQueue(CallStore calls, BlobStore blobs, TranscriptionProvider provider, TransactionTemplate transaction) {
        return new TranscriptionQueue(calls, blobs, provider, transaction);
    }

    @Bean
    ApplicationRunner scheduleTranscription(JobScheduler jobs, TranscriptionQueue queue,
                                            @Value("${callimport.transcription.poll-interval:30s}") Duration every) {
        return arguments -> jobs.scheduleRecurrently(RECURRING_JOB, every, () -> queue.drain());
    }
}
