package com.callimport.transcription;

import com.callimport.calls.CallStore;
import com.callimport.recordings.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.jobrunr.jobs.annotations.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Transcribes calls stored with status AWAITING_TRANSCRIPTION, one at a time per worker: each call is
 * claimed with SKIP LOCKED inside the transaction that stores its transcript, so instances share the
 * queue and a crash leaves the call waiting, not lost. A JobRunr recurring job drains it; public for JobRunr.
 */
public class TranscriptionQueue {
    private static final Logger log = LoggerFactory.getLogger(TranscriptionQueue.class);
    // one pass stops after this many, so a backlog does not hold one worker forever
    private static final int CALLS_PER_PASS = 50;
    private static final java.time.Duration RETRY_AFTER = java.time.Duration.ofMinutes(5);

    private final CallStore calls;
    private final BlobStore blobs;
    private final TranscriptionProvider provider;
    private final TransactionTemplate transaction;

    public TranscriptionQueue(CallStore calls, BlobStore blobs, TranscriptionProvider provider, TransactionTemplate transaction) {
        this.calls = calls;
        this.blobs = blobs;
        this.provider = provider;
        this.transaction = transaction;
    }

    @Job(name = "Transcribe waiting calls")
    public void drain() {
        for (int i = 0; i < CALLS_PER_PASS; i++) {
            Boolean transcribed = transaction.execute(status -> {
                Optional<CallStore.AwaitingTranscription> waiting = calls.claimAwaitingTranscription();
                if (waiting.isEmpty()) {
                    return false;
                }
                CallStore.AwaitingTranscription call = waiting.get();
                try (InputStream audio = blobs.read(call.blobKey()).orElseThrow(() ->
                        new IOException("the recording of call " + call.id() + " is missing from the blob store"))) {
                    calls.storeTranscription(call.id(), provider.transcribe(audio, call.mediaType(), "call-" + call.id()));
                    return true;
                } catch (IOException failed) {
                    // the call stays waiting, behind the others, and is tried again later
                    log.warn("Transcription of call {} failed, will retry: {}", call.id(), failed.getMessage());
                    calls.deferTranscription(call.id(), failed.getMessage(), RETRY_AFTER);
                    return true;
                }
            });
            if (!Boolean.TRUE.equals(transcribed)) {
                return;
            }
        }
    }
}
