package com.callimport.connectors.grain;

import com.callimport.connector.ConnectionContext;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.DateWindow;
import com.callimport.connector.RecordingContent;
import com.callimport.connectors.http.HttpTransport;
import com.callimport.connectors.http.JsonReply;
import com.callimport.connectors.http.MediaReply;
import com.callimport.connectors.http.VendorHttpClient;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Grain public API v2 requests the connector makes, one method per request kind, each with the
 * bearer token and the {@code Public-Api-Version} header Grain requires.
 */
final class GrainClient {
    static final String DEFAULT_BASE_URL = "https://api.grain.com/_/public-api/v2";
    /** The API version the connector was written against; Grain answers every request in this version's shapes. */
    static final String API_VERSION = "2025-10-31";
    static final String RECORDINGS_PATH = "/recordings";

    private static final Set<Integer> NOT_FOUND = Set.of(404);

    private final VendorHttpClient http;
    private final JsonMapper json;
    private final String base;
    private final Map<String, String> headers;

    GrainClient(HttpTransport transport, ConnectionContext context, JsonMapper json) {
        this.http = new VendorHttpClient(transport, context, json, "Grain", GrainClient::remediation);
        this.json = json;
        this.base = baseUrl(context);
        this.headers = Map.of(
                "Authorization", "Bearer " + context.credentials().require(GrainConnector.ACCESS_TOKEN).reveal(),
                "Public-Api-Version", API_VERSION);
    }

    static String baseUrl(ConnectionContext context) {
        String value = context.baseUrl().map(URI::toString).orElse(DEFAULT_BASE_URL).strip();
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        return value;
    }

    /**
     * One page of {@code POST /recordings} (a read, sent as POST): the filter and includes in the body,
     * and the cursor as a top-level body field, kept otherwise identical between pages.
     */
    JsonNode listRecordings(DateWindow window, String cursor, boolean withParticipants)
            throws ConnectorException, InterruptedException {
        ObjectNode body = json.createObjectNode();
        if (cursor != null) {
            body.put("cursor", cursor);
        }
        ObjectNode filter = body.putObject("filter");
        // UNCONFIRMED: Grain's docs describe after/before transposed; the connector also filters on start_datetime
        filter.put("after_datetime", window.from().toString());
        filter.put("before_datetime", window.to().toString());
        if (withParticipants) {
            body.putObject("include").put("participants", true);
        }
        JsonReply reply = http.exchangeJson(HttpMethod.POST, URI.create(base + RECORDINGS_PATH), headers, body, Set.of());
        if (!reply.body().path("recordings").isArray()) {
            throw new ConnectorException.UnexpectedResponse("POST " + RECORDINGS_PATH + ": Grain's answer has no recordings list", null);
        }
        return reply.body();
    }

    /**
     * {@code GET /recordings/{id}/transcript}: a bare JSON array of {@code {start, end, text, speaker,
     * participant_id}} with millisecond offsets.
     *
     * @return empty when Grain has no transcript for the recording (404, or not an array)
     */
    Optional<JsonNode> transcript(String recordingId) throws ConnectorException, InterruptedException {
        JsonReply reply = http.exchangeJson(HttpMethod.GET, URI.create(base + RECORDINGS_PATH + "/" + recordingId + "/transcript"),
                headers, null, NOT_FOUND);
        return reply.status() == 404 || !reply.body().isArray() ? Optional.empty() : Optional.of(reply.body());
    }

    /**
     * {@code GET /recordings/{id}/download} (UNCONFIRMED path, as used by Pipedream's Grain component):
     * Grain streams the media itself, or redirects to a signed storage address (returned unfollowed, to be
     * opened with {@link #openStorage} without the token); 404 means the recording has no media.
     */
    MediaReply requestMedia(String recordingId, String mediaType) throws ConnectorException, InterruptedException {
        URI uri = URI.create(base + RECORDINGS_PATH + "/" + recordingId + "/download");
        return http.openApiMedia(uri, headers, mediaType, NOT_FOUND);
    }

    /**
     * Downloads from a signed storage address Grain redirected to: no token and no permit.
     *
     * @return empty when storage refuses the address, i.e. it expired
     */
    Optional<RecordingContent> openStorage(URI location, String mediaType) throws ConnectorException, InterruptedException {
        return http.openDownload(location, mediaType, Set.of(403, 404, 410));
    }

    static String remediation(int status, List<String> vendorErrors) {
        if (status == 401) {
            return "Grain rejected the access token. Create a token in Grain under Settings → Integrations → API "
                    + "(grain.com/app/settings/integrations?tab=api): a Workspace Access Token, created by a workspace admin on "
                    + "the Business or Enterprise plan, sees every recording; a Personal Access Token sees only its user's.";
        }
        return "Grain refused access (HTTP 403). The token may have been revoked, or the plan may not include API access "
                + "(Grain's free plan has none); create a new token in Grain under Settings → Integrations → API."
                + (vendorErrors.isEmpty() ? "" : " Grain said: " + String.join("; ", vendorErrors));
    }
}
