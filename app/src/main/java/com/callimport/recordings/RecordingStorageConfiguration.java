package com.callimport.recordings;

import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The filesystem store by default; S3 when several instances run. S3 credentials come from the AWS SDK's
 * default chain (environment, profile, instance or container role), never from our settings.
 */
@Configuration(proxyBeanMethods = false)
class RecordingStorageConfiguration {

    @Bean
    BlobStore blobStore(RecordingStorageProperties properties, @Value("${callimport.data-directory}") Path dataDirectory) {
        if (properties.store().equals("filesystem")) {
            return new FileSystemBlobStore(properties.directory() != null ? properties.directory() : dataDirectory.resolve("recordings"));
        }
        RecordingStorageProperties.S3 settings = properties.s3();
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle());
        if (settings.endpoint() != null) {
            // S3-compatible stores vary in support for the SDK's default request checksums; send them only where required
            builder.endpointOverride(settings.endpoint()).requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
        }
        return new S3BlobStore(builder.build(), settings.bucket(), settings.prefix());
    }
}
