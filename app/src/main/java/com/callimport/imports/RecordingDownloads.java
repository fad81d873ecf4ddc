package com.callimport.imports;

import com.callimport.calls.StoredCall;
import com.callimport.connector.CallSource;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.PlatformId;
import com.callimport.connector.RecordingContent;
import com.callimport.connector.SourceCall;
import com.callimport.organizations.OrganizationId;
import com.callimport.recordings.BlobStore;
import com.callimport.recordings.StoredBlob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams calls' recordings from the vendor into the blob store, a few at a time (downloads are
 * I/O-bound and vendors serve media from storage outside their API budget), retrying a broken or
 * truncated download like any other temporary vendor fault.
 */
class RecordingDownloads {
    private static final Logger log = LoggerFactory.getLogger(RecordingDownloads.class);
    private final BlobStore blobs;
    private final VendorRetry retry;
    private final int parallelDownloads;

    RecordingDownloads(BlobStore blobs, VendorRetry retry, int parallelDownloads) {
        this.blobs = blobs;
        this.retry = retry;
        this.parallelDownloads = parallelDownloads;
    }

    /** A download's outcome: the stored recording, or why it could not be had after every retry. */
    record Outcome(SourceCall call, StoredCall.Recording recording, String failure) {
    }

    /**
     * Downloads every call's recording; a failure is an outcome of that call, never of the others, except a refusal
     * of the connection's credentials and a stop of the run: those end every download and reach the caller.
     *
     * @throws ConnectorException.AuthenticationFailed when the vendor refuses the connection itself: the customer must act
     */
    List<Outcome> downloadAll(CallSource source, OrganizationId organization, String platform, List<SourceCall> calls,
                              VendorRetry.Observer observer) throws ConnectorException, InterruptedException {
        Semaphore slots = new Semaphore(parallelDownloads);
        // set on the first failure that ends every download; threads are not interrupted, as they may be in JDBC
        AtomicBoolean abandoned = new AtomicBoolean();
        Map<SourceCall, Future<Outcome>> pending = new LinkedHashMap<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (SourceCall call : calls) {
                pending.put(call, executor.submit(() -> {
                    slots.acquire();
                    try {
                        if (abandoned.get()) {
                            return new Outcome(call, null, "not downloaded: the page was abandoned");
                        }
                        return new Outcome(call, download(source, organization, platform, call, observer), null);
                    } catch (ConnectorException.AuthenticationFailed | InterruptedException endsEveryDownload) {
                        abandoned.set(true);
                        throw endsEveryDownload;
                    } catch (ConnectorException e) {
                        return new Outcome(call, null, "recording could not be downloaded: " + e.getMessage());
                    } finally {
                        slots.release();
                    }
                }));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (var entry : pending.entrySet()) {
                try {
                    outcomes.add(entry.getValue().get());
                } catch (ExecutionException failed) {
                    if (failed.getCause() instanceof ConnectorException.AuthenticationFailed refused) {
                        abandoned.set(true);
                        throw refused;
                    }
                    if (failed.getCause() instanceof InterruptedException stopped) {
                        abandoned.set(true);
                        throw stopped;
                    }
                    String reference = UUID.randomUUID().toString();
                    log.error("Recording of call {} could not be stored, reference {}", entry.getKey().vendorCallId(), reference,
                            failed.getCause());
                    outcomes.add(new Outcome(entry.getKey(), null, "recording could not be stored because of a fault on our side; "
                            + "we were alerted (reference " + reference + ")"));
                } catch (InterruptedException stopped) {
                    abandoned.set(true);
                    throw stopped;
                }
            }
            return outcomes;
        }
    }

    StoredCall.Recording download(CallSource source, OrganizationId organization, String platform, SourceCall call,
                                  VendorRetry.Observer observer) throws ConnectorException, InterruptedException {
        String key = blobKey(organization, platform, call.vendorCallId());
        return retry.send(() -> {
            try (RecordingContent content = source.openRecording(call)) {
                StoredBlob blob = blobs.write(key, content.stream(), content.contentLength());
                return new StoredCall.Recording(blob.key(), content.mediaType(), blob.bytes(), blob.sha256());
            } catch (IOException broken) {
                throw new ConnectorException.TemporarilyUnavailable(
                        "the recording download of call " + call.vendorCallId() + " broke off: " + broken.getMessage(), broken);
            }
        }, observer);
    }

    /**
     * The SHA-256 of the vendor's id names the blob: no id (".", "a/b", NUL, ten thousand characters) can make a path
     * outside the store or an invalid file name. Recordings stored under the earlier URL-encoded keys keep theirs: every
     * call row holds its own key.
     */
    static String blobKey(OrganizationId organization, String platform, String vendorCallId) {
        PlatformId.of(platform);
        return organization + "/" + platform + "/" + HexFormat.of().formatHex(sha256(vendorCallId.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }
}
