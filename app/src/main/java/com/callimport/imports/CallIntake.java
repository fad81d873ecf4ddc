package com.callimport.imports;

import com.callimport.catalog.KnownConnectors;
import com.callimport.calls.CallStore;
import com.callimport.calls.CallWrite;
import com.callimport.calls.StoredCall;
import com.callimport.connector.CallPage;
import com.callimport.connector.CallSource;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.SourceCall;
import com.callimport.organizations.OrganizationId;
import com.callimport.sameconversation.SameConversationLinks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * How listed calls become stored calls, wherever they were listed (a run's page, a webhook's fetch): first
 * the recordings the store does not hold yet are downloaded, outside any transaction; then the calls are
 * written, inside the caller's transaction, so that the caller can commit its own bookkeeping with them.
 */
@Component
public class CallIntake {
    private final CallStore calls;
    private final KnownConnectors connectors;
    private final RecordingDownloads recordings;
    private final Clock clock;
    private final Duration retryDelay;
    private final SameConversationLinks sameConversation;

    CallIntake(CallStore calls, KnownConnectors connectors, RecordingDownloads recordings, Clock clock,
               @Value("${callimport.recordings.retry-delay:15m}") Duration retryDelay, SameConversationLinks sameConversation) {
        this.sameConversation = sameConversation;
        this.calls = calls;
        this.connectors = connectors;
        this.recordings = recordings;
        this.clock = clock;
        this.retryDelay = retryDelay;
    }

    /**
     * Calls ready to be written, with their recordings already in the blob store, or, in {@code missing}, why a
     * recording could not be had (the call is written all the same and its recording fetched again later).
     */
    public record Prepared(Map<SourceCall, String> fingerprints, Map<String, StoredCall.Recording> downloaded,
                           Map<String, String> missing, List<CallPage.FailedCall> failed, boolean fetchMissingAtOnce) {
    }

    /**
     * The platform a connection's calls are stored under: the connector's call identity, shared by connectors that read the
     * same vendor's calls (a vendor's dialer offered beside the vendor itself), so that a call two connections bring over is stored once.
     */
    private String identity(String platform) {
        return connectors.find(platform).map(connector -> connector.callIdentity().value()).orElse(platform);
    }

    /** What writing a batch did to the store. */
    public record Written(long imported, long updated, long unchanged) {
    }

    /**
     * Downloads the recordings of calls that are new, changed or still without one. A call whose download
     * failed is still written, with its metadata and transcript, its recording marked missing with the reason.
     *
     * @throws ConnectorException.AuthenticationFailed when the vendor refused the connection during the downloads:
     *                                                 the whole batch is the connection's problem, not its calls'
     */
    public Prepared prepare(CallSource source, OrganizationId organization, String platform, CallPage page,
                            VendorRetry.Observer observer) throws ConnectorException, InterruptedException {
        Map<String, CallStore.Existing> existing = calls.existing(organization, identity(platform),
                page.calls().stream().map(SourceCall::vendorCallId).toList());
        Map<SourceCall, String> fingerprints = new LinkedHashMap<>();
        List<SourceCall> toDownload = new ArrayList<>();
        for (SourceCall call : page.calls()) {
            String fingerprint = calls.fingerprint(call);
            CallStore.Existing stored = existing.get(call.vendorCallId());
            boolean alreadyHeld = stored != null && stored.contentHash().equals(fingerprint) && stored.hasRecording();
            if (call.recording().isPresent() && !alreadyHeld) {
                toDownload.add(call);
            }
            fingerprints.put(call, fingerprint);
        }
        Map<String, StoredCall.Recording> downloaded = new LinkedHashMap<>();
        Map<String, String> missing = new LinkedHashMap<>();
        for (RecordingDownloads.Outcome outcome : recordings.downloadAll(source, organization, platform, toDownload, observer)) {
            if (outcome.failure() != null) {
                missing.put(outcome.call().vendorCallId(), outcome.failure());
            } else {
                downloaded.put(outcome.call().vendorCallId(), outcome.recording());
            }
        }
        return new Prepared(fingerprints, downloaded, missing, new ArrayList<>(page.failed()), false);
    }

    /**
     * The calls of a page as they are, without downloading any recording: those the store does not hold yet, or
     * holds without their recording, are written with the recording missing ("not fetched yet") and fetched at once
     * by the retry of missing recordings, so that a burst of calls is visible before the recording budget allows.
     */
    public Prepared deferRecordings(CallPage page) {
        Map<SourceCall, String> fingerprints = new LinkedHashMap<>();
        Map<String, String> missing = new LinkedHashMap<>();
        for (SourceCall call : page.calls()) {
            fingerprints.put(call, calls.fingerprint(call));
            if (call.recording().isPresent()) {
                missing.put(call.vendorCallId(), "not fetched yet; it follows as soon as the vendor's request budget allows");
            }
        }
        return new Prepared(fingerprints, Map.of(), missing, new ArrayList<>(page.failed()), true);
    }

    /**
     * Writes prepared calls; call inside the transaction that commits the caller's progress.
     *
     * @param runId the run that listed them, or null for calls a notification brought
     */
    public Written write(Prepared prepared, OrganizationId organization, UUID connectionId, String platform, UUID runId) {
        long imported = 0, updated = 0, unchanged = 0;
        if (!prepared.fingerprints().isEmpty()) {
            // before any call's row is locked, so that batches of one organization never wait on each other in a circle
            sameConversation.takeTurn(organization);
        }
        for (var entry : prepared.fingerprints().entrySet()) {
            SourceCall call = entry.getKey();
            CallWrite write = calls.upsert(organization, connectionId, identity(platform), call,
                    prepared.downloaded().get(call.vendorCallId()), prepared.missing().get(call.vendorCallId()),
                    prepared.fetchMissingAtOnce() ? Instant.now(clock) : Instant.now(clock).plus(retryDelay), entry.getValue(), runId);
            switch (write) {
                case IMPORTED -> imported++;
                case UPDATED -> updated++;
                case UNCHANGED -> unchanged++;
            }
        }
        return new Written(imported, updated, unchanged);
    }
}
