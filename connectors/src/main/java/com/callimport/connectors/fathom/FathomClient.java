package com.callimport.connectors.fathom;

import com.callimport.connector.ConnectionContext;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.RecordingContent;
import com.callimport.connectors.http.HttpTransport;
import com.callimport.connectors.http.JsonReply;
import com.callimport.connectors.http.VendorHttpClient;
import org.springframework.http.HttpMethod;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Fathom External API requests the connector makes, one method per request kind, with the
 * {@code X-Api-Key} header and Fathom's answers for "no media" (422) and "not yours to download" (403).
 */
final class FathomClient {
    static final String DEFAULT_BASE_URL = "https://api.fathom.ai/external/v1";
    static final String MEETINGS_PATH = "/meetings";

    private static final Set<Integer> NO_MEDIA_OR_WITHHELD = Set.of(422, 403);
    private static final Set<Integer> NOT_FOUND = Set.of(404);

    private final VendorHttpClient http;
    private final ConnectionContext context;
    private final JsonMapper json;
    private final String base;
    private final Map<String, String> headers;

    FathomClient(HttpTransport transport, ConnectionContext context, JsonMapper json) {
        this.http = new VendorHttpClient(transport, context, json, "Fathom", FathomClient::remediation);
        this.context = context;
        this.json = json;
        this.base = baseUrl(context);
        this.headers = Map.of("X-Api-Key", context.credentials().require(FathomConnector.API_KEY).reveal());
    }

    static String baseUrl(ConnectionContext context) {
        String value = context.baseUrl().map(URI::toString).orElse(DEFAULT_BASE_URL).strip();
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        return value;
    }

    /**
     * One page of {@code GET /meetings} filtered on {@code created_at}. Transcripts are asked for only
     * when needed: Fathom counts such listings as heavier requests.
     */
    JsonNode listMeetings(Instant createdAfter, Instant createdBefore, String cursor, boolean includeTranscript)
            throws ConnectorException, InterruptedException {
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(base + MEETINGS_PATH)
                .queryParam("created_after", createdAfter.toString())
                .queryParam("created_before", createdBefore.toString());
        if (includeTranscript) {
            uri.queryParam("include_transcript", "true");
        }
        if (cursor != null) {
            uri.queryParam("cursor", cursor);
        }
        JsonReply reply = http.exchangeJson(includeTranscript ? FathomConnector.HEAVY : null, HttpMethod.GET,
                uri.encode().build().toUri(), headers, null, Set.of());
        if (!reply.body().path("items").isArray()) {
            throw new ConnectorException.UnexpectedResponse("GET " + MEETINGS_PATH + ": Fathom's answer has no items list", null);
        }
        return reply.body();
    }

    /**
     * {@code POST /recordings/{id}/download}: asks Fathom to prepare the recording's media.
     *
     * @return empty when Fathom has no media for the recording (422) or will not let this key download it (403)
     */
    Optional<FathomDownload> requestDownload(String recordingId) throws ConnectorException, InterruptedException {
        String path = "/recordings/" + recordingId + "/download";
        JsonReply reply = http.exchangeJson(FathomConnector.HEAVY, HttpMethod.POST, URI.create(base + path), headers, json.createObjectNode(),
                NO_MEDIA_OR_WITHHELD);
        if (NO_MEDIA_OR_WITHHELD.contains(reply.status())) {
            return Optional.empty();
        }
        return Optional.of(download(path, reply.body()));
    }

    /**
     * {@code GET /recordings/{id}/downloads/{download_id}}: the state of a download asked for earlier.
     *
     * @return empty when Fathom no longer knows the download, which then has to be asked for again
     */
    Optional<FathomDownload> downloadStatus(String recordingId, String downloadId) throws ConnectorException, InterruptedException {
        String path = "/recordings/" + recordingId + "/downloads/" + downloadId;
        JsonReply reply = http.exchangeJson(FathomConnector.HEAVY, HttpMethod.GET, URI.create(base + path), headers, null, NOT_FOUND);
        return reply.status() == 404 ? Optional.empty() : Optional.of(download(path, reply.body()));
    }

    /**
     * Downloads from the signed media address: no API key (the signature is the credential) and no
     * permit (media storage does not count against Fathom's API limit).
     *
     * @return empty when storage refuses the address, i.e. it expired
     */
    Optional<RecordingContent> open(FathomMediaLink link) throws ConnectorException, InterruptedException {
        return http.openDownload(link.url(), link.mediaType(), Set.of(403, 404, 410));
    }

    private FathomDownload download(String path, JsonNode body) throws ConnectorException {
        try {
            String id = FathomCallMapper.text(body, "download_id");
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("no download_id");
            }
            Optional<FathomMediaLink> media = link(body.path("audio"));
            if (media.isEmpty()) {
                media = link(body.path("video"));
            }
            return new FathomDownload(id, FathomDownload.status(FathomCallMapper.text(body, "status")), media,
                    FathomCallMapper.text(body, "failure_reason"));
        } catch (IllegalArgumentException | DateTimeParseException unreadable) {
            throw new ConnectorException.UnexpectedResponse(path + ": Fathom's RecordingDownload could not be read: "
                    + unreadable.getMessage(), unreadable);
        }
    }

    private static Optional<FathomMediaLink> link(JsonNode media) {
        String url = FathomCallMapper.text(media, "url");
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        String type = FathomCallMapper.text(media, "content_type");
        String expires = FathomCallMapper.text(media, "expires_at");
        return Optional.of(new FathomMediaLink(URI.create(url), type == null ? FathomCallMapper.AUDIO_TYPE : type,
                expires == null ? Instant.MAX : OffsetDateTime.parse(expires).toInstant()));
    }

    static String remediation(int status, List<String> vendorErrors) {
        if (status == 401) {
            return "Fathom rejected the API key. Create an API key in Fathom under User Settings → API Access "
                    + "and enter it on the connection.";
        }
        return "Fathom refused access (HTTP 403). The API key may have been revoked or its user removed; create an API key "
                + "in Fathom under User Settings → API Access and enter it on the connection."
                + (vendorErrors.isEmpty() ? "" : " Fathom said: " + String.join("; ", vendorErrors));
    }
}
