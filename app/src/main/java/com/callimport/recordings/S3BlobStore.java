package com.callimport.recordings;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Recordings in an S3 bucket (or an S3-compatible store), so that every instance reads what any instance
 * wrote. A recording is sent in parts of {@link #PART_BYTES}, one part buffered at a time, so memory stays
 * bounded however long the call; S3 publishes an object only when its upload completes, so a reader never
 * sees a partial one, and an upload found short is aborted instead of completed.
 */
public class S3BlobStore implements BlobStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(S3BlobStore.class);
    /** Above S3's 5 MiB minimum part size; most call recordings fit one part and go up in a single PUT. */
    static final int PART_BYTES = 8 * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    public S3BlobStore(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    @Override
    public StoredBlob write(String key, InputStream content, OptionalLong expectedBytes) throws IOException {
        String objectKey = objectKey(key);
        MessageDigest sha256 = FileSystemBlobStore.sha256();
        byte[] part = new byte[PART_BYTES];
        int length = content.readNBytes(part, 0, PART_BYTES);
        sha256.update(part, 0, length);
        try {
            if (length < PART_BYTES) {
                requireComplete(expectedBytes, length);
                int whole = length;
                s3.putObject(request -> request.bucket(bucket).key(objectKey).contentLength((long) whole),
                        RequestBody.fromInputStream(new ByteArrayInputStream(part, 0, whole), whole));
                return new StoredBlob(key, length, HexFormat.of().formatHex(sha256.digest()));
            }
            return writeInParts(key, objectKey, content, expectedBytes, sha256, part, length);
        } catch (SdkException failure) {
            throw withoutAddress("store", key, failure);
        }
    }

    private StoredBlob writeInParts(String key, String objectKey, InputStream content, OptionalLong expectedBytes,
                                    MessageDigest sha256, byte[] part, int firstLength) throws IOException {
        String uploadId = s3.createMultipartUpload(request -> request.bucket(bucket).key(objectKey)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long total = 0;
            for (int length = firstLength, number = 1; length > 0; number++) {
                int partLength = length;
                int partNumber = number;
                String etag = s3.uploadPart(request -> request.bucket(bucket).key(objectKey).uploadId(uploadId)
                                .partNumber(partNumber).contentLength((long) partLength),
                        RequestBody.fromInputStream(new ByteArrayInputStream(part, 0, partLength), partLength)).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
                total += partLength;
                length = content.readNBytes(part, 0, PART_BYTES);
                sha256.update(part, 0, length);
            }
            requireComplete(expectedBytes, total);
            s3.completeMultipartUpload(request -> request.bucket(bucket).key(objectKey).uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(parts)));
            return new StoredBlob(key, total, HexFormat.of().formatHex(sha256.digest()));
        } catch (IOException | RuntimeException failure) {
            abortQuietly(objectKey, uploadId);
            throw failure;
        }
    }

    @Override
    public Optional<InputStream> read(String key) throws IOException {
        try {
            return Optional.of(s3.getObject(request -> request.bucket(bucket).key(objectKey(key))));
        } catch (NoSuchKeyException absent) {
            return Optional.empty();
        } catch (SdkException failure) {
            throw withoutAddress("serve", key, failure);
        }
    }

    @Override
    public Optional<InputStream> read(String key, long offset, long length) throws IOException {
        FileSystemBlobStore.requireRange(offset, length);
        if (length == 0) {
            try {
                s3.headObject(request -> request.bucket(bucket).key(objectKey(key)));
                return Optional.of(InputStream.nullInputStream());
            } catch (NoSuchKeyException absent) {
                return Optional.empty();
            } catch (SdkException failure) {
                throw withoutAddress("serve", key, failure);
            }
        }
        // S3 sends only the bytes of the range (RFC 9110 byte range, last byte inclusive)
        String range = "bytes=" + offset + "-" + (offset + length - 1);
        try {
            return Optional.of(s3.getObject(request -> request.bucket(bucket).key(objectKey(key)).range(range)));
        } catch (NoSuchKeyException absent) {
            return Optional.empty();
        } catch (AwsServiceException refused) {
            if (refused.statusCode() == 416) {
                return Optional.of(InputStream.nullInputStream()); // the range starts at or past the end: nothing to send
            }
            throw withoutAddress("serve", key, refused);
        } catch (SdkException failure) {
            throw withoutAddress("serve", key, failure);
        }
    }

    private static void requireComplete(OptionalLong expectedBytes, long received) throws TruncatedContentException {
        if (expectedBytes.isPresent() && received != expectedBytes.getAsLong()) {
            throw new TruncatedContentException(expectedBytes.getAsLong(), received);
        }
    }

    private void abortQuietly(String objectKey, String uploadId) {
        try {
            s3.abortMultipartUpload(request -> request.bucket(bucket).key(objectKey).uploadId(uploadId));
        } catch (SdkException failure) {
            // the bucket's lifecycle rule for incomplete uploads removes it; nothing was published either way
            log.warn("Could not abort the upload of {}: {}", objectKey, failure.getMessage());
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            // S3 answers a delete of a missing key with success, so a repeated deletion is harmless
            s3.deleteObject(request -> request.bucket(bucket).key(objectKey(key)));
        } catch (SdkException failure) {
            throw withoutAddress("delete", key, failure);
        }
    }

    /** The store's address stays in the log; the message, which reaches customers as a failure reason, names the key. */
    private static IOException withoutAddress(String action, String key, SdkException failure) {
        log.warn("The recording store could not {} {}: {}", action, key, failure.toString());
        String reason = failure instanceof AwsServiceException refused && refused.awsErrorDetails() != null
                ? "it answered " + refused.awsErrorDetails().errorCode() : "it could not be reached";
        return new IOException("the recording store could not " + action + " " + key + ": " + reason, failure);
    }

    private String objectKey(String key) {
        if (key.contains("..") || key.startsWith("/")) {
            throw new IllegalArgumentException("blob key '" + key + "' is not a relative recording key");
        }
        return prefix + key;
    }
}
