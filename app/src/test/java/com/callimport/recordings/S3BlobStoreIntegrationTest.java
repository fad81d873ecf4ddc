package com.callimport.recordings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callimport.testfixtures.S3Server;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Recordings in an S3 bucket, against a real S3-compatible server: whole, checksummed, never half-published. */
class S3BlobStoreIntegrationTest {
    private static final String BUCKET = "recordings";
    private static S3Server server;
    private static S3Client s3;
    private static S3BlobStore store;

    @BeforeAll
    static void start() {
        server = S3Server.start(BUCKET);
        s3 = S3Client.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test-key", "test-secret")))
                .build();
        store = new S3BlobStore(s3, BUCKET, "recordings/");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        s3.close();
        server.close();
    }

    @Test
    void aRecordingSmallerThanOnePartIsStoredWithItsLengthAndSha256() throws Exception {
        byte[] audio = bytes(300_000, 1);

        StoredBlob stored = store.write("org/call-small.mp3", new java.io.ByteArrayInputStream(audio), OptionalLong.of(audio.length));

        assertThat(stored.bytes()).isEqualTo(audio.length);
        assertThat(stored.sha256()).isEqualTo(sha256(audio));
        try (InputStream read = store.read("org/call-small.mp3").orElseThrow()) {
            assertThat(read.readAllBytes()).isEqualTo(audio);
        }
    }

    @Test
    void aRecordingLargerThanOnePartIsSentInPartsAndReadBackWhole() throws Exception {
        int length = S3BlobStore.PART_BYTES * 2 + 123_457;
        byte[] audio = bytes(length, 2);

        StoredBlob stored = store.write("org/call-long.wav", new java.io.ByteArrayInputStream(audio), OptionalLong.empty());

        assertThat(stored.bytes()).isEqualTo(length);
        assertThat(stored.sha256()).isEqualTo(sha256(audio));
        try (InputStream read = store.read("org/call-long.wav").orElseThrow()) {
            assertThat(sha256(read.readAllBytes())).isEqualTo(sha256(audio));
        }
    }

    @Test
    void aRangeIsFetchedAloneFromTheBucketEvenAcrossAPartBoundary() throws Exception {
        int length = S3BlobStore.PART_BYTES + 5_000;
        byte[] audio = bytes(length, 7);
        store.write("org/call-ranges.wav", new java.io.ByteArrayInputStream(audio), OptionalLong.of(length));

        long across = S3BlobStore.PART_BYTES - 1_000;
        try (InputStream part = store.read("org/call-ranges.wav", across, 2_000).orElseThrow();
             InputStream tail = store.read("org/call-ranges.wav", length - 10, 1_000).orElseThrow()) {
            assertThat(part.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(audio, (int) across, (int) across + 2_000));
            assertThat(tail.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(audio, length - 10, length));
        }
        assertThat(store.read("org/never-ranged.wav", 0, 10)).isEmpty();
    }

    @Test
    void aTruncatedDownloadPublishesNothingWhetherItFitsOnePartOrMany() {
        byte[] short1 = bytes(1_000, 3);
        byte[] shortMany = bytes(S3BlobStore.PART_BYTES + 10, 4);

        assertThatThrownBy(() -> store.write("org/cut-small.mp3", new java.io.ByteArrayInputStream(short1), OptionalLong.of(5_000)))
                .isInstanceOf(BlobStore.TruncatedContentException.class);
        assertThatThrownBy(() -> store.write("org/cut-long.mp3", new java.io.ByteArrayInputStream(shortMany),
                OptionalLong.of(S3BlobStore.PART_BYTES * 3L))).isInstanceOf(BlobStore.TruncatedContentException.class);

        assertThat(readQuietly("org/cut-small.mp3")).isFalse();
        assertThat(readQuietly("org/cut-long.mp3")).isFalse();
        assertThat(s3.listMultipartUploads(request -> request.bucket(BUCKET)).uploads()).as("the aborted upload is gone").isEmpty();
    }

    @Test
    void writingAKeyAgainReplacesItAndAFailedRewriteLeavesThePreviousWhole() throws Exception {
        byte[] first = bytes(2_000, 5);
        byte[] second = bytes(3_000, 6);
        store.write("org/again.mp3", new java.io.ByteArrayInputStream(first), OptionalLong.of(first.length));

        assertThatThrownBy(() -> store.write("org/again.mp3", new java.io.ByteArrayInputStream(second), OptionalLong.of(9_999)))
                .isInstanceOf(BlobStore.TruncatedContentException.class);
        try (InputStream read = store.read("org/again.mp3").orElseThrow()) {
            assertThat(read.readAllBytes()).isEqualTo(first);
        }
        store.write("org/again.mp3", new java.io.ByteArrayInputStream(second), OptionalLong.of(second.length));
        try (InputStream read = store.read("org/again.mp3").orElseThrow()) {
            assertThat(read.readAllBytes()).isEqualTo(second);
        }
    }

    @Test
    void aKeyNeverWrittenReadsAsAbsentAndAKeyThatEscapesIsRefused() throws IOException {
        assertThat(store.read("org/never.mp3")).isEmpty();
        assertThatThrownBy(() -> store.read("../other-prefix/x.mp3")).isInstanceOf(IllegalArgumentException.class);
    }

    private static boolean readQuietly(String key) {
        try {
            return store.read(key).isPresent();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] bytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void aStoreThatCannotBeReachedIsReportedWithoutItsAddress() throws Exception {
        java.net.URI nowhere;
        try (var socket = new java.net.ServerSocket(0)) {
            nowhere = java.net.URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        try (S3Client unreachable = S3Client.builder().endpointOverride(nowhere).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test-key", "test-secret")))
                .build()) {
            S3BlobStore offline = new S3BlobStore(unreachable, BUCKET, "recordings/");

            assertThatThrownBy(() -> offline.write("org/call-offline.mp3", new java.io.ByteArrayInputStream(new byte[10]),
                    OptionalLong.of(10)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("org/call-offline.mp3")
                    .hasMessageNotContaining("127.0.0.1")
                    .hasMessageNotContaining(Integer.toString(nowhere.getPort()));
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
