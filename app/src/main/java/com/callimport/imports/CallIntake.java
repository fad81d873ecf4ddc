package com.callimport.imports;

import com.callimport.calls.CallStore;
import com.callimport.calls.CallWrite;
import com.callimport.calls.StoredCall;
import com.callimport.connector.CallPage;
import com.callimport.connector.CallSource;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.SourceCall;
import com.callimport.organizations.OrganizationId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * How listed calls become stored calls, wherever they were listed (a run's page, a webhook's fetch): first
 * the recordings the store does not hold yet are downloaded, outside any transaction; then the calls are
 * written, inside the caller's transaction, so that the caller can commit its own bookkeeping with them.
 */
@Component
public class CallIntake {
    private final CallStore calls;
    private final RecordingDownloads recordings;

    CallIntake(CallStore calls, RecordingDownloads recordings) {
        this.calls = calls;
        this.recordings = recordings;
    }

    /** Calls ready to be written, with their recordings already in the blob store. */
    public record Prepared(Map<SourceCall, String> fingerprints, Map<String, StoredCall.Recording> downloaded,
                           List<CallPage.FailedCall> failed) {
    }

    /** What writing a batch did to the store. */
    public record Written(long imported, long updated, long unchanged) {
    }

    /**
     * Downloads the recordings of calls that are new, changed or still without one. A call whose download
     * failed is moved to the failures with its reason and will not be written.
     *
     * @throws ConnectorException.AuthenticationFailed when the vendor refused the connection during the downloads:
     *                                                 the whole batch is the connection's problem, not its calls'
     */
    public Prepared prepare(CallSource source, OrganizationId organization, String platform, CallPage page,
                            VendorRetry.Observer observer) throws ConnectorException, InterruptedException {
        Map<String, CallStore.Existing> existing = calls.existing(organization, platform,
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
        List<CallPage.FailedCall> failed = new ArrayList<>(page.failed());
        for (RecordingDownloads.Outcome outcome : recordings.downloadAll(source, organization, platform, toDownload, observer)) {
            if (outcome.failure() != null) {
                failed.add(new CallPage.FailedCall(outcome.call().vendorCallId(), outcome.failure()));
                fingerprints.remove(outcome.call());
            } else {
                downloaded.put(outcome.call().vendorCallId(), outcome.recording());
            }
        }
        return new Prepared(fingerprints, downloaded, failed);
    }

    /**
     * Writes prepared calls; call inside the transaction that commits the caller's progress.
     *
     * @param runId the run that listed them, or null for calls a notification brought
     */
    public Written write(Prepared prepared, OrganizationId organization, UUID connectionId, String platform, UUID runId) {
        long imported = 0, updated = 0, unchanged = 0;
        for (var entry : prepared.fingerprints().entrySet()) {
            SourceCall call = entry.getKey();
            CallWrite write = calls.upsert(organization, connectionId, platform, call,
                    prepared.downloaded().get(call.vendorCallId()), entry.getValue(), runId);
            switch (write) {
                case IMPORTED -> imported++;
                case UPDATED -> updated++;
                case UNCHANGED -> unchanged++;
            }
        }
        return new Written(imported, updated, unchanged);
    }
}
