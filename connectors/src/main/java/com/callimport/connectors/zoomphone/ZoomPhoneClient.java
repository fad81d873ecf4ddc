package com.callimport.connectors.zoomphone;

import com.callimport.connector.BearerToken;
import com.callimport.connector.ConnectionContext;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.RecordingContent;
import com.callimport.connectors.http.HttpTransport;
import com.callimport.connectors.http.JsonReply;
import com.callimport.connectors.http.MediaReply;
import com.callimport.connectors.http.VendorHttpClient;
import org.springframework.http.HttpMethod;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Zoom API requests the connector makes, one method per request kind, each after a permit from its rate-limit label
 * and with the engine's current bearer token.
 */
final class ZoomPhoneClient {
    static final String API_URL = "https://api.zoom.us/v2";
    static final String CALL_HISTORY_PATH = "/phone/call_history";
    static final String CALL_RECORDINGS_PATH = "/phone/call_logs/{id}/recordings";
    static final String RECORDING_DOWNLOAD_PATH = "/phone/recording/download/{fileId}";
    static final String TRANSCRIPT_DOWNLOAD_PATH = "/phone/recording_transcript/download/{recordingId}";
    // Zoom's Users API (not the Phone document): the only cheap request that names the account a token belongs to
    static final String CURRENT_USER_PATH = "/users/me";
    // ZP spec: page_size at most 300
    static final int MAX_PAGE_SIZE = 300;
    // ZP spec: a download_url ends in /phone/recording/download/{fileId}
    private static final String DOWNLOAD_MARKER = "/phone/recording/download/";
    private static final Set<Integer> READ_BY_CALLER = Set.of(400, 404);

    private final VendorHttpClient http;
    private final String base;
    private final BearerToken bearerToken;
    private final JsonMapper json;

    ZoomPhoneClient(HttpTransport transport, ConnectionContext context, JsonMapper json) {
        this.http = new VendorHttpClient(transport, context, json, "Zoom", ZoomPhoneClient::remediation);
        this.base = context.baseUrl().map(uri -> uri.toString().replaceAll("/+$", "")).orElse(API_URL);
        this.bearerToken = context.bearerToken();
        this.json = json;
    }

    String base() {
        return base;
    }

    // asked for per request: an import outlives Zoom's one-hour access token
    private Map<String, String> authorization() throws ConnectorException, InterruptedException {
        return Map.of("Authorization", "Bearer " + bearerToken.current().reveal());
    }

    /** {@code GET /users/me} (Light): the signed-in admin and the Zoom account the token belongs to. */
    JsonNode currentUser() throws ConnectorException, InterruptedException {
        JsonNode user = http.exchangeJson(ZoomPhoneRateGroup.LIGHT.vendorName(), HttpMethod.GET, URI.create(base + CURRENT_USER_PATH),
                authorization(), null, Set.of()).body();
        if (ZoomPhoneCallMapper.text(user, "account_id") == null) {
            throw new ConnectorException.UnexpectedResponse("GET " + CURRENT_USER_PATH + ": the answer names no account_id; "
                    + "the server at " + URI.create(base).getHost() + " did not answer like Zoom's API", null);
        }
        return user;
    }

    /**
     * One page of the account's call history ({@code accountCallHistory}, Heavy) between two days, both included, or,
     * with {@code pageToken}, the page it names. A 400 is returned for the caller to read: it is how Zoom reports an
     * expired page token.
     */
    JsonReply callHistory(LocalDate from, LocalDate to, int pageSize, Optional<String> pageToken)
            throws ConnectorException, InterruptedException {
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(base + CALL_HISTORY_PATH)
                .queryParam("from", from.toString())
                .queryParam("to", to.toString())
                .queryParam("page_size", pageSize);
        pageToken.ifPresent(token -> uri.queryParam("next_page_token", token));
        return history(uri);
    }

    /** The history entries of some calls ({@code call_ids}, Heavy), among those of the last two days. */
    JsonReply callHistoryOf(Collection<String> callIds, LocalDate today) throws ConnectorException, InterruptedException {
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(base + CALL_HISTORY_PATH)
                .queryParam("from", today.minusDays(1).toString())
                .queryParam("to", today.toString())
                .queryParam("page_size", MAX_PAGE_SIZE);
        callIds.forEach(id -> uri.queryParam("call_ids", id));
        return history(uri);
    }

    private JsonReply history(UriComponentsBuilder uri) throws ConnectorException, InterruptedException {
        JsonReply reply = http.exchangeJson(ZoomPhoneRateGroup.HEAVY.vendorName(), HttpMethod.GET, uri.encode().build().toUri(),
                authorization(), null, Set.of(400));
        if (reply.isSuccess() && !reply.body().path("call_history").isArray() && !reply.body().path("call_history").isMissingNode()) {
            throw new ConnectorException.UnexpectedResponse("GET " + CALL_HISTORY_PATH + ": Zoom's call_history is not a list", null);
        }
        return reply;
    }

    /** A call's recording ({@code GET /phone/call_logs/{id}/recordings}, Light); empty when Zoom has none for it. */
    Optional<ZoomPhoneCallMapper.Recording> recordingOf(String callId) throws ConnectorException, InterruptedException {
        URI uri = UriComponentsBuilder.fromUriString(base + CALL_RECORDINGS_PATH).buildAndExpand(callId).encode().toUri();
        JsonReply reply = http.exchangeJson(ZoomPhoneRateGroup.LIGHT.vendorName(), HttpMethod.GET, uri, authorization(), null,
                READ_BY_CALLER);
        if (!reply.isSuccess()) {
            // ZP spec: 404 code 1001 "Recording does not exist"; a 400 is a recording Zoom no longer has
            return Optional.empty();
        }
        String id = ZoomPhoneCallMapper.text(reply.body(), "id");
        String downloadUrl = ZoomPhoneCallMapper.text(reply.body(), "download_url");
        if (id == null || downloadUrl == null || !downloadUrl.contains(DOWNLOAD_MARKER)) {
            throw new ConnectorException.UnexpectedResponse("GET " + CALL_RECORDINGS_PATH + ": Zoom's recording of call " + callId
                    + " has no id or no download_url ending in " + DOWNLOAD_MARKER + "{fileId}", null);
        }
        String fileId = downloadUrl.substring(downloadUrl.indexOf(DOWNLOAD_MARKER) + DOWNLOAD_MARKER.length()).replaceAll("[?#].*$", "");
        return Optional.of(new ZoomPhoneCallMapper.Recording(id, fileId));
    }

    /**
     * Zoom's transcript of a recording ({@code phoneDownloadRecordingTranscript}, Light), which Zoom answers with a redirect
     * to the file; empty when Zoom has none (400: codes 12000 cannot transcribe, 12001 disabled by the admin, 12002 still
     * transcribing, 404 no file), so the engine's transcription policy takes over.
     */
    Optional<JsonNode> transcript(String recordingId) throws ConnectorException, InterruptedException {
        URI uri = UriComponentsBuilder.fromUriString(base + TRANSCRIPT_DOWNLOAD_PATH).buildAndExpand(recordingId).encode().toUri();
        MediaReply reply = http.openApiMedia(ZoomPhoneRateGroup.LIGHT.vendorName(), uri, authorization(), "application/json",
                READ_BY_CALLER);
        Optional<RecordingContent> content = switch (reply) {
            case MediaReply.Refused refused -> Optional.empty();
            case MediaReply.Streaming(RecordingContent streamed) -> Optional.of(streamed);
            case MediaReply.Redirected(URI location) -> http.openDownload(location, "application/json", Set.of(403, 404));
        };
        if (content.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream stream = content.get().stream()) {
            return Optional.of(json.readTree(stream.readAllBytes()));
        } catch (IOException | RuntimeException unreadable) {
            throw new ConnectorException.TemporarilyUnavailable("the transcript file of Zoom recording " + recordingId
                    + " could not be read in full", unreadable instanceof IOException ? unreadable : null);
        }
    }

    /**
     * Streams a recording ({@code phoneDownloadRecordingFile}, Medium) with the bearer token. The address is rebuilt from
     * the file id rather than taken from the listing, so that the token only ever goes to Zoom's API host.
     */
    RecordingContent recording(String fileId) throws ConnectorException, InterruptedException {
        URI uri = UriComponentsBuilder.fromUriString(base + RECORDING_DOWNLOAD_PATH).buildAndExpand(fileId).encode().toUri();
        MediaReply reply = http.openApiMedia(ZoomPhoneRateGroup.MEDIUM.vendorName(), uri, authorization(), ZoomPhoneCallMapper.AUDIO,
                Set.of(400, 404));
        return switch (reply) {
            case MediaReply.Streaming(RecordingContent content) -> content;
            case MediaReply.Refused refused -> throw new ConnectorException.UnexpectedResponse("Zoom no longer has recording file "
                    + fileId + " (HTTP " + refused.status() + "): it was deleted, or removed by the account's auto-delete policy", null);
            case MediaReply.Redirected(URI location) -> http.openDownload(location, ZoomPhoneCallMapper.AUDIO, Set.of())
                    .orElseThrow(() -> new ConnectorException.UnexpectedResponse(
                            "Zoom redirected recording file " + fileId + " to storage that refused it", null));
        };
    }

    static LocalDate day(java.time.Instant instant) {
        return instant.atZone(ZoneOffset.UTC).toLocalDate();
    }

    static String remediation(int status, List<String> vendorErrors) {
        String said = vendorErrors.isEmpty() ? "" : " Zoom said: " + String.join("; ", vendorErrors);
        if (status == 401) {
            return "Zoom no longer accepts this connection's authorization: it expired or was removed (for example when our "
                    + "app was removed from the account in Zoom's App Marketplace). Reconnect Zoom Phone: a Zoom account owner or "
                    + "admin signs in again and authorizes our app." + said;
        }
        return "Zoom refused access (HTTP " + status + "). Reconnect Zoom Phone signed in as the account owner or an admin whose "
                + "role includes Zoom Phone management, and approve every permission our app asks for (call history, "
                + "recordings, transcripts); the account needs a Business or Enterprise plan with Zoom Phone licences." + said;
    }
}
