package com.callimport.connectors.gong;

import com.callimport.connector.ConnectionContext;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.DateWindow;
import com.callimport.connector.RecordingContent;
import com.callimport.connectors.http.HttpTransport;
import com.callimport.connectors.http.JsonReply;
import com.callimport.connectors.http.VendorHttpClient;
import org.springframework.http.HttpMethod;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Gong API v2 requests the connector makes, one method per request kind, with Basic
 * authentication and Gong's way of saying "nothing here" (404) and "start over" (400 cursor expired).
 */
final class GongClient {
    static final String EXTENSIVE_PATH = "/v2/calls/extensive";
    static final String TRANSCRIPT_PATH = "/v2/calls/transcript";
    static final String CALLS_PATH = "/v2/calls";
    // Gong sets the page size itself; about 100 calls a page is what integrators observe (not documented)
    static final int PAGE_SIZE = 100;

    private static final Set<Integer> NOT_FOUND = Set.of(404);
    private static final Set<Integer> NOT_FOUND_OR_BAD_REQUEST = Set.of(404, 400);

    private final VendorHttpClient http;
    private final ConnectionContext context;
    private final JsonMapper json;
    private final String base;
    private final String authorization;

    GongClient(HttpTransport transport, ConnectionContext context, JsonMapper json) {
        this.http = new VendorHttpClient(transport, context, json, "Gong", GongClient::remediation);
        this.context = context;
        this.json = json;
        this.base = baseUrl(context);
        String pair = context.credentials().require(GongConnector.ACCESS_KEY).reveal() + ":"
                + context.credentials().require(GongConnector.ACCESS_KEY_SECRET).reveal();
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /** The operator's override when present, else the customer's own API base URL from the credentials. */
    static String baseUrl(ConnectionContext context) {
        String value = context.baseUrl().map(URI::toString)
                .orElseGet(() -> context.credentials().require(GongConnector.BASE_URL).reveal())
                .strip();
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        return value;
    }

    String base() {
        return base;
    }

    /** One page of {@code POST /v2/calls/extensive}; the cursor travels in the body, where Gong reads it. */
    Listing listCalls(DateWindow window, String cursor) throws ConnectorException, InterruptedException {
        ObjectNode body = json.createObjectNode();
        if (cursor != null) {
            body.put("cursor", cursor);
        }
        ObjectNode filter = body.putObject("filter");
        filter.put("fromDateTime", window.from().toString());
        filter.put("toDateTime", window.to().toString());
        ObjectNode selector = body.putObject("contentSelector");
        selector.put("context", "Extended");
        ObjectNode exposed = selector.putObject("exposedFields");
        exposed.put("parties", true);
        exposed.put("media", true);
        JsonReply reply = post(EXTENSIVE_PATH, body, NOT_FOUND_OR_BAD_REQUEST);
        requireGongError(EXTENSIVE_PATH, reply);
        return switch (reply.status()) {
            // Gong answers 404 "No calls found" for an empty window, not 200 with an empty list
            case 404 -> new Listing.NoCalls();
            case 400 -> {
                if (cursor != null && mentionsExpiredCursor(reply.body())) {
                    yield new Listing.CursorExpired();
                }
                throw new ConnectorException.UnexpectedResponse("POST " + EXTENSIVE_PATH + ": Gong refused the request: "
                        + reply.body().path("errors"), null);
            }
            default -> new Listing.Page(reply.body());
        };
    }

    /** The transcripts of up to 100 calls by id, following Gong's cursor; calls without one are absent. */
    Map<String, JsonNode> transcripts(List<String> callIds) throws ConnectorException, InterruptedException {
        Map<String, JsonNode> transcripts = new HashMap<>();
        String cursor = null;
        do {
            ObjectNode body = json.createObjectNode();
            if (cursor != null) {
                body.put("cursor", cursor);
            }
            ArrayNode ids = body.putObject("filter").putArray("callIds");
            callIds.forEach(ids::add);
            JsonReply reply = post(TRANSCRIPT_PATH, body, NOT_FOUND);
            requireGongError(TRANSCRIPT_PATH, reply);
            if (reply.status() == 404) {
                return transcripts;
            }
            for (JsonNode transcript : reply.body().path("callTranscripts")) {
                String callId = GongCallMapper.text(transcript, "callId");
                if (callId != null) {
                    transcripts.put(callId, transcript.path("transcript"));
                }
            }
            cursor = GongCallMapper.text(reply.body().path("records"), "cursor");
        } while (cursor != null);
        return transcripts;
    }

    /** {@code records.totalRecords} of {@code GET /v2/calls} for the window; 0 when Gong finds none. */
    long countCalls(DateWindow window) throws ConnectorException, InterruptedException {
        JsonReply reply = getCalls(window);
        if (reply.status() == 404) {
            return 0;
        }
        JsonNode total = reply.body().path("records").path("totalRecords");
        if (!total.isNumber()) {
            throw new ConnectorException.UnexpectedResponse("GET " + CALLS_PATH + ": Gong's answer has no records.totalRecords", null);
        }
        return total.asLong();
    }

    /**
     * The cheapest authenticated request that needs the scope an import needs: a one-window call listing, which
     * must come back in Gong's envelope, so that a server that is not Gong's never passes the test.
     */
    void checkAccess(DateWindow window) throws ConnectorException, InterruptedException {
        JsonReply reply = getCalls(window);
        if (reply.isSuccess() && !reply.body().path("records").isObject()) {
            throw new ConnectorException.UnexpectedResponse("GET " + CALLS_PATH + ": " + notGong(), null);
        }
    }

    /** A fresh signed media address for one call, from {@code /v2/calls/extensive} filtered by id. */
    Optional<GongMediaLink> mediaLink(String callId) throws ConnectorException, InterruptedException {
        ObjectNode body = json.createObjectNode();
        body.putObject("filter").putArray("callIds").add(callId);
        body.putObject("contentSelector").putObject("exposedFields").put("media", true);
        JsonReply reply = post(EXTENSIVE_PATH, body, NOT_FOUND);
        requireGongError(EXTENSIVE_PATH, reply);
        if (reply.status() == 404) {
            return Optional.empty();
        }
        for (JsonNode call : reply.body().path("calls")) {
            if (callId.equals(GongCallMapper.callId(call))) {
                return GongCallMapper.mediaLink(call, context.clock().instant());
            }
        }
        return Optional.empty();
    }

    /**
     * Downloads from the signed storage address: no Gong Authorization header (the signature is the
     * credential) and no permit (storage requests do not count against Gong's limits).
     *
     * @return empty when storage refuses the signature (403), i.e. the address expired
     */
    Optional<RecordingContent> download(GongMediaLink link) throws ConnectorException, InterruptedException {
        return http.openDownload(link.url(), link.mediaType(), Set.of(403));
    }

    private JsonReply getCalls(DateWindow window) throws ConnectorException, InterruptedException {
        requireUsableBase();
        URI uri = UriComponentsBuilder.fromUriString(base + CALLS_PATH)
                .queryParam("fromDateTime", window.from().toString())
                .queryParam("toDateTime", window.to().toString())
                .encode().build().toUri();
        JsonReply reply = http.exchangeJson(HttpMethod.GET, uri, Map.of("Authorization", authorization), null, NOT_FOUND);
        requireGongError(CALLS_PATH, reply);
        return reply;
    }

    // a 404 means "no calls" only in Gong's error shape {requestId, errors[]}; any other server's 404 means a wrong address
    private void requireGongError(String path, JsonReply reply) throws ConnectorException.UnexpectedResponse {
        if (!reply.isSuccess() && !reply.body().path("errors").isArray()) {
            throw new ConnectorException.UnexpectedResponse(path + ": " + notGong() + " (HTTP " + reply.status() + ")", null);
        }
    }

    private String notGong() {
        String host;
        try {
            host = URI.create(base).getHost();
        } catch (IllegalArgumentException malformed) {
            host = null;
        }
        return "the server at " + (host == null ? base : host) + " did not answer like the Gong API; check the address";
    }

    private JsonReply post(String path, JsonNode body, Set<Integer> handled) throws ConnectorException, InterruptedException {
        requireUsableBase();
        return http.exchangeJson(HttpMethod.POST, URI.create(base + path), Map.of("Authorization", authorization), body, handled);
    }

    private void requireUsableBase() throws ConnectorException.AuthenticationFailed {
        URI uri;
        try {
            uri = URI.create(base);
        } catch (IllegalArgumentException malformed) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw new ConnectorException.AuthenticationFailed("The Gong API base URL '" + base + "' is not a web address like "
                    + "https://us-12345.api.gong.io; copy it from Company settings → Ecosystem → API in Gong, where it is shown next to the key.");
        }
    }

    // Gong answers 400 "cursor has expired" for an old cursor (observed by Dust's connector)
    private static boolean mentionsExpiredCursor(JsonNode body) {
        for (JsonNode error : body.path("errors")) {
            String text = error.asString().toLowerCase(Locale.ROOT);
            if (text.contains("cursor") && text.contains("expired")) {
                return true;
            }
        }
        return false;
    }

    static String remediation(int status, List<String> vendorErrors) {
        if (status == 401) {
            return "Gong rejected the access key and secret. A Gong technical administrator can create a new key under "
                    + "Company settings → Ecosystem → API, then enter the access key, its secret and the API base URL shown there.";
        }
        return "Gong refused access to the calls (HTTP 403). The API key may lack the scopes to read calls, "
                + "transcripts and media URLs, or the key's trusted-IP allowlist may not include this service's address; "
                + "a Gong technical administrator can check both under Company settings → Ecosystem → API."
                + (vendorErrors.isEmpty() ? "" : " Gong said: " + String.join("; ", vendorErrors));
    }

    /** What {@code POST /v2/calls/extensive} answered for a listing. */
    sealed interface Listing {
        record Page(JsonNode body) implements Listing {
        }

        record NoCalls() implements Listing {
        }

        record CursorExpired() implements Listing {
        }
    }
}
