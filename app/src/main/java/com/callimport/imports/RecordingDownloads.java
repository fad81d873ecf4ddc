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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Streams a call's recording from the vendor into the blob store, retrying a broken or truncated
 * download like any other temporary vendor fault.
 */
class RecordingDownloads {
    private final BlobStore blobs;
    private final VendorRetry retry;

    RecordingDownloads(BlobStore blobs, VendorRetry retry) {
        this.blobs = blobs;
        this.retry = retry;
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

    static String blobKey(OrganizationId organization, String platform, String vendorCallId) {
        PlatformId.of(platform);
        return organization + "/" + platform + "/" + URLEncoder.encode(vendorCallId, StandardCharsets.UTF_8).replace("%", "_");
    }
}
