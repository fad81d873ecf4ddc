package com.callimport.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.organizations.OrganizationId;
import com.callimport.recordings.BlobStore;
import com.callimport.recordings.FileSystemBlobStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingBlobKeysTest {
    private static final OrganizationId ORGANIZATION = OrganizationId.random();
    private static final List<String> HOSTILE_IDS = List.of(".", "..", "a/b", "../../etc/passwd", "a\u0000b", "x".repeat(10_000),
            "C:\\windows", "%2e%2e", "", " ", "call-1");

    @TempDir
    Path root;

    @Test
    void noVendorCallIdMakesAKeyOutsideItsOrganizationsFolderOrAnInvalidName() {
        Set<String> keys = new HashSet<>();
        for (String id : HOSTILE_IDS) {
            String key = RecordingDownloads.blobKey(ORGANIZATION, "gong", id);
            assertThat(key).startsWith(ORGANIZATION + "/gong/").matches("[0-9a-f-]+/gong/[0-9a-f]{64}");
            keys.add(key);
        }
        assertThat(keys).as("distinct ids, distinct keys").hasSize(HOSTILE_IDS.size());
    }

    @Test
    void recordingsWithHostileIdsAreStoredAndLaterRecordingsOfTheOrganizationStillAre() throws Exception {
        BlobStore store = new FileSystemBlobStore(root);
        for (String id : HOSTILE_IDS) {
            byte[] audio = id.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String key = RecordingDownloads.blobKey(ORGANIZATION, "gong", id);
            store.write(key, new ByteArrayInputStream(audio), OptionalLong.of(audio.length));
            try (InputStream stored = store.read(key).orElseThrow()) {
                assertThat(stored.readAllBytes()).isEqualTo(audio);
            }
        }
    }
}
