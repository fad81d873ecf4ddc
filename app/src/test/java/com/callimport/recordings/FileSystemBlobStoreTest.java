package com.callimport.recordings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemBlobStoreTest {
    @TempDir
    Path root;

    @Test
    void storesTheBytesWithTheirLengthAndSha256() throws Exception {
        byte[] recording = randomBytes(300_000);
        BlobStore store = new FileSystemBlobStore(root);

        StoredBlob blob = store.write("org/gong/call-1", new ByteArrayInputStream(recording), OptionalLong.of(recording.length));

        assertThat(blob.bytes()).isEqualTo(recording.length);
        assertThat(blob.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(recording)));
        try (InputStream stored = store.read("org/gong/call-1").orElseThrow()) {
            assertThat(stored.readAllBytes()).isEqualTo(recording);
        }
    }

    @Test
    void aRangeIsReadFromItsOffsetAndEndsWithTheBlob() throws Exception {
        byte[] recording = randomBytes(200_000);
        BlobStore store = new FileSystemBlobStore(root);
        store.write("org/call-range", new ByteArrayInputStream(recording), OptionalLong.of(recording.length));

        try (InputStream middle = store.read("org/call-range", 150_000, 1_000).orElseThrow();
             InputStream tail = store.read("org/call-range", 199_990, 500).orElseThrow()) {
            assertThat(middle.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(recording, 150_000, 151_000));
            assertThat(tail.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(recording, 199_990, 200_000));
        }
        assertThat(store.read("org/never-written", 0, 10)).isEmpty();
    }

    @Test
    void aTruncatedDownloadPublishesNothing() throws IOException {
        BlobStore store = new FileSystemBlobStore(root);

        assertThatThrownBy(() -> store.write("org/gong/call-2", new ByteArrayInputStream(randomBytes(1000)), OptionalLong.of(4000)))
                .isInstanceOf(BlobStore.TruncatedContentException.class)
                .hasMessageContaining("1000 of 4000");

        assertThat(store.read("org/gong/call-2")).isEmpty();
        try (var files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void aFailedRewriteLeavesThePreviousBlobWhole() throws IOException {
        BlobStore store = new FileSystemBlobStore(root);
        byte[] first = randomBytes(5000);
        store.write("org/gong/call-3", new ByteArrayInputStream(first), OptionalLong.empty());

        assertThatThrownBy(() -> store.write("org/gong/call-3", new ByteArrayInputStream(randomBytes(10)), OptionalLong.of(5000)))
                .isInstanceOf(BlobStore.TruncatedContentException.class);

        try (InputStream stored = store.read("org/gong/call-3").orElseThrow()) {
            assertThat(stored.readAllBytes()).isEqualTo(first);
        }
    }

    @Test
    void refusesKeysThatEscapeTheRoot() {
        BlobStore store = new FileSystemBlobStore(root);

        assertThatThrownBy(() -> store.write("../outside", new ByteArrayInputStream(new byte[1]), OptionalLong.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStoreFaultNamesTheKeyButNeverTheServersPath() throws IOException {
        BlobStore store = new FileSystemBlobStore(root);
        Files.writeString(root.resolve("org"), "a file where a folder belongs");

        assertThatThrownBy(() -> store.write("org/gong/call-4", new ByteArrayInputStream(new byte[1]), OptionalLong.empty()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("org/gong/call-4")
                .hasMessageNotContaining(root.toString());
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }
}
