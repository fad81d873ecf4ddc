package com.callimport.recordings;

import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RecordingStorageConfiguration {

    @Bean
    BlobStore blobStore(@Value("${callimport.recordings.directory:${callimport.data-directory}/recordings}") Path directory) {
        return new FileSystemBlobStore(directory);
    }
}
