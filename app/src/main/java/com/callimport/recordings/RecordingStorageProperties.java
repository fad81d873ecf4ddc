package com.callimport.recordings;

import java.net.URI;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where recordings are kept ({@code callimport.recordings.*}).
 *
 * @param store     {@code filesystem} (one instance, or a shared mount) or {@code s3} (several instances)
 * @param directory the filesystem store's root; defaults to {@code <data directory>/recordings}
 * @param s3        the S3 store's bucket and, for S3-compatible stores, endpoint
 */
@ConfigurationProperties("callimport.recordings")
public record RecordingStorageProperties(@DefaultValue("filesystem") String store, Path directory, @DefaultValue S3 s3) {

    public RecordingStorageProperties {
        if (!store.equals("filesystem") && !store.equals("s3")) {
            throw new IllegalArgumentException("callimport.recordings.store must be 'filesystem' or 's3', not '" + store + "'");
        }
        if (store.equals("s3") && (s3.bucket() == null || s3.bucket().isBlank())) {
            throw new IllegalArgumentException("callimport.recordings.s3.bucket must name the bucket when callimport.recordings.store=s3");
        }
    }

    /**
     * @param bucket    the bucket recordings go to
     * @param prefix    the key prefix inside it
     * @param region    the bucket's region
     * @param endpoint  an S3-compatible store's address (MinIO, Ceph, ...); empty for AWS S3
     * @param pathStyle address buckets by path, as most S3-compatible stores need
     */
    public record S3(String bucket, @DefaultValue("recordings/") String prefix, @DefaultValue("us-east-1") String region,
                     URI endpoint, @DefaultValue("false") boolean pathStyle) {
    }
}
