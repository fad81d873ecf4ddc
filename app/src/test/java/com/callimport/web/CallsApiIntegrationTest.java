package com.callimport.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.recordings.BlobStore;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/calls} with filters and cursors, and {@code GET /api/calls/{id}/recording} answering byte ranges,
 * over real HTTP against real PostgreSQL and the filesystem store (the S3 store: RecordingsInS3IntegrationTest).
 */
@EngineIntegrationTest
@TestPropertySource(properties = "callimport.test.database=callsapi")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallsApiIntegrationTest {
    private static final Instant T0 = Instant.parse("2026-04-01T09:00:00Z");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] AUDIO = new byte[300_001];

    static {
        new SplittableRandom(3).nextBytes(AUDIO);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    BlobStore blobs;

    ApiClient acme;
    ApiClient globex;
    UUID recorded;

    @BeforeAll
    void seed() throws Exception {
        ApiClient admin = ApiClient.at(port, "test-bootstrap-token");
        acme = admin.newOrganization("Acme calls");
        globex = admin.newOrganization("Globex calls");
        UUID organization = jdbc.sql("SELECT id FROM organizations WHERE name = 'Acme calls'").query(UUID.class).single();
        UUID connection = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO connections (id, organization_id, platform, name, credentials_sealed, settings, status, created_at)
                VALUES (?, ?, 'gong', 'Gong', ?, '{}'::jsonb, 'CONNECTED', now())""")
                .params(connection, organization, new byte[] {0}).update();
        blobs.write("test/acme-call.mp3", new ByteArrayInputStream(AUDIO), OptionalLong.of(AUDIO.length));
        for (int i = 0; i < 12; i++) {
            UUID id = UUID.randomUUID();
            boolean withRecording = i == 0;
            if (withRecording) {
                recorded = id;
            }
            jdbc.sql("""
                    INSERT INTO calls (id, organization_id, connection_id, platform, vendor_call_id, title, started_at, duration_ms,
                        direction, participants, transcript, recording_key, recording_media_type, recording_bytes, recording_sha256,
                        raw_metadata, content_hash, imported_at, updated_at)
                    VALUES (?, ?, ?, 'gong', ?, ?, ?, 60000, 'OUTBOUND',
                        jsonb_build_array(jsonb_build_object('name', ?::text, 'email', 'x@y.test', 'affiliation', 'EXTERNAL')),
                        ?::jsonb, ?, ?, ?, ?, '{}'::jsonb, 'h', now(), now())""")
                    .params(id, organization, connection, "v" + i, "Call " + i, T0.minus(i, ChronoUnit.DAYS).atOffset(ZoneOffset.UTC),
                            i % 2 == 0 ? "Ada Lovelace" : "Grace Hopper",
                            i % 3 == 0 ? "[{\"speakerId\":\"1\",\"startMillis\":0,\"endMillis\":10,\"text\":\"hi\"}]" : "[]",
                            withRecording ? "test/acme-call.mp3" : null, withRecording ? "audio/mpeg" : null,
                            withRecording ? (long) AUDIO.length : null, withRecording ? sha256(AUDIO) : null)
                    .update();
        }
    }

    @Test
    void filtersApplyAndTheNextCursorLeadsThroughEveryPage() throws Exception {
        HttpResponse<String> first = get(acme, "/api/calls?participant=ada&from=2026-03-22&limit=2");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        List<String> titles = new ArrayList<>(titles(first));
        String next = first.headers().firstValue("X-Next-Cursor").orElseThrow();
        assertThat(first.headers().firstValue("Link").orElseThrow()).contains("after=" + next).contains("participant=ada")
                .endsWith("rel=\"next\"");
        while (true) {
            HttpResponse<String> page = get(acme, "/api/calls?participant=ada&from=2026-03-22&limit=2&after=" + next);
            titles.addAll(titles(page));
            if (page.headers().firstValue("X-Next-Cursor").isEmpty()) {
                break;
            }
            next = page.headers().firstValue("X-Next-Cursor").get();
        }
        // calls 0..10 started from 1 April back to 22 March; Ada is on the even ones
        assertThat(titles).containsExactly("Call 0", "Call 2", "Call 4", "Call 6", "Call 8", "Call 10");

        assertThat(titles(get(acme, "/api/calls?hasTranscript=true&hasRecording=false"))).containsExactly("Call 3", "Call 6", "Call 9");
        assertThat(titles(get(acme, "/api/calls?to=2026-03-22&platform=gong"))).as("a 'to' day is included whole")
                .containsExactly("Call 10", "Call 11");
        assertThat(titles(get(acme, "/api/calls?limit=3&offset=9"))).as("offset paging still works")
                .containsExactly("Call 9", "Call 10", "Call 11");
        assertThat(titles(get(globex, "/api/calls"))).as("another organization's calls").isEmpty();
    }

    @Test
    void badValuesAreAnswered400WithWhatToFix() throws Exception {
        assertProblem("/api/calls?platform=gongg", "platform: 'gongg' is not a platform calls come from; use one of");
        assertProblem("/api/calls?from=last%20week", "from: 'last week' is not a date; send a day like 2026-03-01");
        assertProblem("/api/calls?from=2026-03-05&to=2026-03-01", "to: the date range ends");
        assertProblem("/api/calls?hasTranscript=maybe", "hasTranscript: send true or false");
        assertProblem("/api/calls?after=xyz", "after: 'xyz' is not a cursor this service gave out");
        assertProblem("/api/calls?offset=5&after=" + new com.callimport.calls.CallCursor(T0, UUID.randomUUID()).encode(),
                "offset: page by cursor or by offset, not both");
        assertProblem("/api/calls?participant=" + "a".repeat(201), "participant: search with at most 200 characters");
        assertProblem("/api/calls?limit=0", "limit: ask for 1 to 500 calls per page");
    }

    @Test
    void aPlayerCanAskForAnyPartOfTheRecording() throws Exception {
        String path = "/api/calls/" + recorded + "/recording";
        HttpResponse<byte[]> whole = download(acme, path);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(AUDIO);
        assertThat(whole.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(whole.headers().firstValue("X-Content-SHA256")).hasValue(sha256(AUDIO));

        HttpResponse<byte[]> middle = download(acme, path, "Range", "bytes=200000-200099");
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.headers().firstValue("Content-Range")).hasValue("bytes 200000-200099/" + AUDIO.length);
        assertThat(middle.headers().firstValue("Content-Length")).hasValue("100");
        assertThat(middle.headers().firstValue("X-Content-SHA256")).as("the whole recording's checksum, not the part's").isEmpty();
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(AUDIO, 200_000, 200_100));

        HttpResponse<byte[]> open = download(acme, path, "Range", "bytes=300000-");
        assertThat(open.headers().firstValue("Content-Range")).hasValue("bytes 300000-300000/" + AUDIO.length);
        assertThat(open.body()).isEqualTo(new byte[] {AUDIO[300_000]});
        HttpResponse<byte[]> suffix = download(acme, path, "Range", "bytes=-10");
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(AUDIO, AUDIO.length - 10, AUDIO.length));
        HttpResponse<byte[]> beyond = download(acme, path, "Range", "bytes=999999999-");
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */" + AUDIO.length);

        assertThat(download(acme, path, "Range", "bytes=0-1,5-9").statusCode()).as("several ranges: the whole").isEqualTo(200);
        assertThat(download(acme, path, "Range", "bytes=9-5").statusCode()).as("an invalid range is ignored").isEqualTo(200);
        String etag = whole.headers().firstValue("ETag").orElseThrow();
        assertThat(download(acme, path, "Range", "bytes=0-9", "If-Range", etag).statusCode()).isEqualTo(206);
        assertThat(download(acme, path, "Range", "bytes=0-9", "If-Range", "\"older\"").statusCode())
                .as("a range of a copy that changed: the whole current one").isEqualTo(200);
        assertThat(download(globex, path, "Range", "bytes=0-9").statusCode()).as("another organization's recording").isEqualTo(404);
    }

    private void assertProblem(String path, String detail) throws Exception {
        HttpResponse<String> answer = get(acme, path);
        assertThat(answer.statusCode()).as(path + " → " + answer.body()).isEqualTo(400);
        assertThat(JSON.readTree(answer.body()).get("detail").asString()).as(path).contains(detail);
    }

    private static List<String> titles(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        List<String> titles = new ArrayList<>();
        for (JsonNode call : JSON.readTree(answer.body())) {
            titles.add(call.get("title").asString());
        }
        return titles;
    }

    private HttpResponse<String> get(ApiClient client, String path) throws Exception {
        return HTTP.send(request(client, path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> download(ApiClient client, String path, String... headers) throws Exception {
        HttpRequest.Builder request = request(client, path);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpRequest.Builder request(ApiClient client, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Bearer " + client.token());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
