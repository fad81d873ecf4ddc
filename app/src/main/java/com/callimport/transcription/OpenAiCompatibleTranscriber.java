package com.callimport.transcription;

import com.callimport.connector.TranscriptSegment;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAI-compatible {@code POST /v1/audio/transcriptions} API, as served by hosted services and by
 * self-hosted Whisper servers: multipart upload of the recording, {@code response_format=verbose_json}
 * for segment timings (seconds, as decimals).
 */
public class OpenAiCompatibleTranscriber implements TranscriptionProvider {
    private final RestClient http;
    private final TranscriptionProperties properties;

    public OpenAiCompatibleTranscriber(TranscriptionProperties properties) {
        this.properties = properties;
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
        // a long recording takes a while to transcribe
        requests.setReadTimeout(Duration.ofMinutes(10));
        RestClient.Builder builder = RestClient.builder().baseUrl(properties.url().toString()).requestFactory(requests);
        if (properties.apiKey() != null && !properties.apiKey().isBlank()) {
            builder.defaultHeader("Authorization", "Bearer " + properties.apiKey());
        }
        this.http = builder.build();
    }

    @Override
    public List<TranscriptSegment> transcribe(InputStream audio, String mediaType, String fileName) throws IOException {
        HttpHeaders fileHeaders = new HttpHeaders();
        fileHeaders.setContentType(MediaType.parseMediaType(mediaType));
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("file", new HttpEntity<>(new InputStreamResource(audio) {
            @Override
            public String getFilename() {
                return fileName;
            }

            @Override
            public long contentLength() {
                return -1;
            }
        }, fileHeaders));
        form.add("model", properties.model());
        form.add("response_format", "verbose_json");
        JsonNode answer;
        try {
            answer = http.post().uri("/v1/audio/transcriptions").contentType(MediaType.MULTIPART_FORM_DATA)
                    .body(form).retrieve().body(JsonNode.class);
        } catch (RestClientException failed) {
            throw new IOException("the transcription server did not transcribe the recording: " + failed.getMessage(), failed);
        }
        List<TranscriptSegment> segments = new ArrayList<>();
        if (answer == null) {
            throw new IOException("the transcription server answered with an empty body");
        }
        for (JsonNode segment : answer.path("segments")) {
            long start = Math.round(segment.path("start").asDouble() * 1000);
            long end = Math.max(start, Math.round(segment.path("end").asDouble() * 1000));
            segments.add(new TranscriptSegment(segment.has("speaker") ? segment.get("speaker").asString() : null, start, end,
                    segment.path("text").asString().strip()));
        }
        if (segments.isEmpty() && answer.hasNonNull("text") && !answer.get("text").asString().isBlank()) {
            // servers without segment timings still return the text
            segments.add(new TranscriptSegment(null, 0, 0, answer.get("text").asString().strip()));
        }
        return segments;
    }
}
