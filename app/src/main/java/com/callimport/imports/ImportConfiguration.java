package com.callimport.imports;

import com.callimport.EngineProperties;
import com.callimport.ratelimits.Sleeper;
import com.callimport.recordings.BlobStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ImportConfiguration {

    @Bean
    VendorRetry vendorRetry(EngineProperties properties) {
        return new VendorRetry(properties.retry(), Sleeper.REAL);
    }

    @Bean
    RecordingDownloads recordingDownloads(BlobStore blobs, VendorRetry retry, EngineProperties properties) {
        return new RecordingDownloads(blobs, retry, properties.parallelDownloads());
    }
}
