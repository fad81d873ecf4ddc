package com.callimport.imports;

import com.callimport.calls.CallStore;
import com.callimport.calls.StoredCall;
import com.callimport.connections.OpenSources;
import com.callimport.connector.CallDirection;
import com.callimport.connector.CallSource;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.RecordingDescriptor;
import com.callimport.connector.SourceCall;
import com.callimport.organizations.OrganizationId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jobrunr.jobs.annotations.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Fetches again the recordings of calls that were stored without them (an expired or refused media link after
 * every retry, a vendor outage, a burst stored before its recordings), a batch at a time, each call waiting longer
 * after every failed attempt; after {@link #MAX_ATTEMPTS} it waits for the next sync pass or import instead.
 * Run by a JobRunr recurring job on whichever instance is free; public for JobRunr.
 */
@Component
public class MissingRecordings {
    static final int MAX_ATTEMPTS = 10;
    private static final Logger log = LoggerFactory.getLogger(MissingRecordings.class);
    private static final int BATCH = 50;
    // longer than a batch of downloads takes, so that no other instance claims the same calls meanwhile
    private static final Duration LEASE = Duration.ofMinutes(30);
    private static final Duration LONGEST_WAIT = Duration.ofDays(1);

    private final CallStore calls;
    private final OpenSources sources;
    private final RecordingDownloads recordings;
    private final Clock clock;
    private final Duration retryDelay;

    MissingRecordings(CallStore calls, OpenSources sources, RecordingDownloads recordings, Clock clock,
                      @Value("${callimport.recordings.retry-delay:15m}") Duration retryDelay) {
        this.calls = calls;
        this.sources = sources;
        this.recordings = recordings;
        this.clock = clock;
        this.retryDelay = retryDelay;
    }

    /** Tries every due call once; returns how many recordings were attached. */
    @Job(name = "Fetch missing recordings")
    public int fetchDue() throws InterruptedException {
        int attached = 0;
        List<CallStore.MissingRecording> due;
        do {
            due = calls.claimMissingRecordings(BATCH, LEASE);
            Map<ConnectionKey, List<CallStore.MissingRecording>> byConnection = due.stream().collect(Collectors.groupingBy(
                    missing -> new ConnectionKey(missing.organization(), missing.call().connectionId()), LinkedHashMap::new,
                    Collectors.toList()));
            for (var entry : byConnection.entrySet()) {
                attached += fetch(entry.getKey(), entry.getValue());
            }
        } while (due.size() == BATCH);
        return attached;
    }

    private int fetch(ConnectionKey connection, List<CallStore.MissingRecording> missing) throws InterruptedException {
        int attached = 0;
        try (CallSource source = sources.open(connection.organization(), connection.connectionId())) {
            for (CallStore.MissingRecording call : missing) {
                try {
                    StoredCall.Recording recording = recordings.download(source, connection.organization(), call.call().platform(),
                            asListed(call), VendorRetry.Observer.NONE);
                    calls.attachRecording(call.call().id(), recording);
                    attached++;
                } catch (ConnectorException failure) {
                    stillMissing(call, "recording could not be downloaded: " + failure.getMessage());
                }
            }
        } catch (ConnectorException unavailable) {
            missing.forEach(call -> stillMissing(call, "recording could not be downloaded: " + unavailable.getMessage()));
        }
        return attached;
    }

    private void stillMissing(CallStore.MissingRecording call, String reason) {
        int attempts = call.attempts() + 1;
        if (attempts >= MAX_ATTEMPTS) {
            log.info("Call {}: giving up on its recording after {} attempts: {}", call.call().id(), attempts, reason);
            calls.recordingStillMissing(call.call().id(), reason + " (tried " + attempts
                    + " times; the next sync pass or import of its window tries again)", null);
            return;
        }
        Duration wait = retryDelay.multipliedBy(1L << Math.min(attempts, 20));
        calls.recordingStillMissing(call.call().id(), reason,
                Instant.now(clock).plus(wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait));
    }

    /** The call as its connector listed it: what {@link CallSource#openRecording} needs to find the recording again. */
    private static SourceCall asListed(CallStore.MissingRecording missing) {
        StoredCall call = missing.call();
        return new SourceCall(call.vendorCallId(), call.title(), call.startedAt(), Duration.ofMillis(call.durationMillis()),
                CallDirection.valueOf(call.direction()), call.participants(), call.transcript(),
                Optional.of(new RecordingDescriptor(missing.mediaType() == null ? "application/octet-stream" : missing.mediaType())),
                call.rawMetadataJson());
    }

    private record ConnectionKey(OrganizationId organization, UUID connectionId) {
    }
}
