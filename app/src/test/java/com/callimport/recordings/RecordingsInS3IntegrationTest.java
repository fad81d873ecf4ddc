package com.callimport.recordings;

import static com.callimport.testfixtures.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connectors.gong.GongCredentialsFixture;
import com.callimport.connectors.gong.GongSimulator;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.Await;
import com.callimport.testfixtures.EngineIntegrationTest;
import com.callimport.testfixtures.S3Server;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** With {@code callimport.recordings.store=s3}, an import's recordings land in the bucket and are served from it. */
@EngineIntegrationTest
@TestPropertySource(properties = "callimport.test.database=s3recordings")
class RecordingsInS3IntegrationTest {
    private static final S3Server S3 = S3Server.start("call-recordings");
    private static final GongSimulator GONG = GongSimulator.start();
    private static final DateWindow WINDOW = new DateWindow(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-03T00:00:00Z"));

    static {
        // the AWS SDK's default credentials chain reads these; S3Mock accepts any
        System.setProperty("aws.accessKeyId", "test-key");
        System.setProperty("aws.secretAccessKey", "test-secret");
    }

    @DynamicPropertySource
    static void s3(DynamicPropertyRegistry registry) {
        registry.add("callimport.recordings.store", () -> "s3");
        registry.add("callimport.recordings.s3.bucket", () -> "call-recordings");
        registry.add("callimport.recordings.s3.endpoint", () -> S3.endpoint().toString());
        registry.add("callimport.recordings.s3.path-style", () -> "true");
        registry.add("callimport.rate-budgets", () -> "false");
        registry.add("callimport.platforms.gong.base-url", () -> GONG.baseUrl().toString());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        GONG.close();
        S3.close();
    }

    @LocalServerPort
    int port;

    @Test
    void importedRecordingsAreStoredInTheBucketAndServedWithTheirChecksum() throws Exception {
        GONG.seed(12, WINDOW, CallMix.TYPICAL, 21);
        ApiClient customer = ApiClient.at(port, "test-bootstrap-token").newOrganization("Bucket Co");
        String connection = customer.post("/api/connections", json("platform", "gong", "credentials",
                GongCredentialsFixture.acceptedValues())).text("id");
        String runId = customer.post("/api/import-runs", json("connectionId", connection,
                "from", WINDOW.from().toString(), "to", WINDOW.to().toString())).text("id");
        JsonNode run = Await.until(Duration.ofSeconds(60), () -> customer.get("/api/import-runs/" + runId).json(),
                current -> !current.get("state").asString().matches("QUEUED|RUNNING"), "the import to end");
        assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("SUCCEEDED");

        JsonNode call = customer.get("/api/calls?connectionId=" + connection).json().valueStream()
                .filter(stored -> GONG.callsWithRecording().contains(stored.get("vendorCallId").asString()))
                .findFirst().orElseThrow();
        HttpResponse<byte[]> recording = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/calls/" + call.get("id").asString() + "/recording"))
                .header("Authorization", "Bearer " + customer.token()).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(recording.statusCode()).isEqualTo(200);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(recording.body())))
                .isEqualTo(GONG.recordingSha256(call.get("vendorCallId").asString()));
        HttpResponse<byte[]> range = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/calls/" + call.get("id").asString() + "/recording"))
                .header("Authorization", "Bearer " + customer.token()).header("Range", "bytes=1000-1999").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(range.statusCode()).as("a player's seek into a recording kept in the bucket").isEqualTo(206);
        assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes 1000-1999/" + recording.body().length);
        assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(recording.body(), 1000, 2000));
        HttpResponse<String> listing = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(S3.endpoint() + "/call-recordings?list-type=2&prefix=recordings/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(listing.body()).contains("<Key>recordings/");
    }
}
