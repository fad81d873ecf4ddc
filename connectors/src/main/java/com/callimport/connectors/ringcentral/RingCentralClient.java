package com.callimport.connectors.ringcentral;

import com.callimport.connector.ConnectionContext;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.Credentials;
import com.callimport.connector.DateWindow;
import com.callimport.connector.RecordingContent;
import com.callimport.connectors.http.HttpTransport;
import com.callimport.connectors.http.JsonReply;
import com.callimport.connectors.http.MediaReply;
import com.callimport.connectors.http.VendorHttpClient;
import org.springframework.http.HttpMethod;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The RingCentral REST API requests the connector makes, one method per request kind, each after a permit
 * from its throttling group, with the engine's current bearer token.
 */
final class RingCentralClient {
    static final String PLATFORM_URL = "https://platform.ringcentral.com";
    // RingCentral serves recording content from its media entry point only (RC spec: x-media-api)
    static final String MEDIA_URL = "https://media.ringcentral.com";
    static final String CALL_LOG_PATH = "/restapi/v1.0/account/~/call-log";
    static final String EXTENSION_PATH = "/restapi/v1.0/account/~/extension/~";
    static final String RECORDING_CONTENT_PATH = "/restapi/v1.0/account/~/recording/%s/content";
    // RC spec, PerPageWithMax: 1 to 1000 records a page
    static final int MAX_PAGE_SIZE = 1000;
    static final String FALLBACK_AUDIO_TYPE = "audio/mpeg";

    // RingCentral names a missing permission in brackets: "... needs to have [ReadCallLog] permission"
    private static final Pattern PERMISSION_IN_MESSAGE = Pattern.compile("\\[([A-Za-z]+)]");
    private static final Set<String> APP_PERMISSIONS = Set.of("ReadCallLog", "ReadCallRecording", "ReadAccounts");
    private static final Set<Integer> RECORDING_GONE = Set.of(404);
    private static final JsonMapper ERROR_JSON = JsonMapper.builder().build();

    private final VendorHttpClient http;
    private final String platformBase;
    private final String mediaBase;
    private final Map<String, String> authorization;

    RingCentralClient(HttpTransport transport, ConnectionContext context, JsonMapper json) {
        // RC docs: a 429 without Retry-After asks for at least 30 s; the penalty it signals lasts 60 s
        this.http = new VendorHttpClient(transport, context, json, "RingCentral", RingCentralClient::remediation,
                RingCentralThrottlingGroup.PENALTY);
        this.platformBase = context.baseUrl().map(RingCentralClient::withoutTrailingSlash).orElse(PLATFORM_URL);
        // an operator's override (sandbox, simulator) serves both entry points
        this.mediaBase = context.baseUrl().map(RingCentralClient::withoutTrailingSlash).orElse(MEDIA_URL);
        this.authorization = Map.of("Authorization",
                "Bearer " + context.credentials().require(Credentials.ACCESS_TOKEN).reveal());
    }

    String platformBase() {
        return platformBase;
    }

    /** {@code GET /restapi/v1.0/account/~/extension/~}: who signed in, in the Light group. */
    JsonNode currentExtension() throws ConnectorException, InterruptedException {
        return http.exchangeJson(RingCentralThrottlingGroup.LIGHT.vendorName(), HttpMethod.GET,
                URI.create(platformBase + EXTENSION_PATH), authorization, null, Set.of()).body();
    }

    /**
     * One page of the company call log ({@code readCompanyCallLog}, Heavy) for calls that started in the
     * window, detailed view, calls with and without recordings (recordingType left out on purpose).
     */
    JsonNode callLogPage(DateWindow window, RingCentralCheckpoint position) throws ConnectorException, InterruptedException {
        URI uri = UriComponentsBuilder.fromUriString(platformBase + CALL_LOG_PATH)
                .queryParam("dateFrom", window.from().toString())
                .queryParam("dateTo", window.to().toString())
                .queryParam("view", "Detailed")
                .queryParam("page", position.page())
                .queryParam("perPage", position.perPage())
                .encode().build().toUri();
        JsonReply reply = http.exchangeJson(RingCentralThrottlingGroup.HEAVY.vendorName(), HttpMethod.GET, uri,
                authorization, null, Set.of());
        if (!reply.body().path("records").isArray()) {
            throw new ConnectorException.UnexpectedResponse("GET " + CALL_LOG_PATH + ": RingCentral's answer has no records array", null);
        }
        return reply.body();
    }

    /**
     * Streams a recording's content ({@code readCallRecordingContent}, Heavy) from the media entry point with
     * the bearer token. The address is rebuilt from the recording id rather than taken from the listing, so
     * that the token is never sent to a host other than RingCentral's (or the operator's override).
     */
    RecordingContent recordingContent(String recordingId) throws ConnectorException, InterruptedException {
        URI uri = UriComponentsBuilder.fromUriString(mediaBase + RECORDING_CONTENT_PATH.formatted("{id}"))
                .buildAndExpand(recordingId).encode().toUri();
        MediaReply reply = http.openApiMedia(RingCentralThrottlingGroup.HEAVY.vendorName(), uri, authorization,
                FALLBACK_AUDIO_TYPE, RECORDING_GONE);
        return switch (reply) {
            case MediaReply.Streaming(RecordingContent content) -> content;
            case MediaReply.Refused refused -> throw new ConnectorException.UnexpectedResponse("RingCentral no longer has recording "
                    + recordingId + " (HTTP " + refused.status() + "); it keeps automatic and on-demand recordings 90 days", null);
            case MediaReply.Redirected(URI location) -> http.openDownload(location, FALLBACK_AUDIO_TYPE, Set.of())
                    .orElseThrow(() -> new ConnectorException.UnexpectedResponse(
                            "RingCentral redirected recording " + recordingId + " to storage that refused it", null));
        };
    }

    static String remediation(int status, List<String> vendorErrors) {
        List<String> messages = messages(vendorErrors);
        String said = messages.isEmpty() ? "" : " RingCentral said: " + String.join("; ", messages);
        if (status == 401) {
            return "RingCentral no longer accepts this connection's sign-in: the access token expired or was revoked "
                    + "(for example when the admin who connected signed out everywhere or the app's access was removed). "
                    + "Reconnect RingCentral: sign in again as a RingCentral administrator, or paste a new JWT credential "
                    + "created for our app." + said;
        }
        Set<String> missing = missingPermissions(vendorErrors);
        if (missing.isEmpty()) {
            return "RingCentral refused access (HTTP 403). Reconnect RingCentral signed in as an administrator whose role "
                    + "includes the company call log and call recordings." + said;
        }
        String named = String.join(", ", missing);
        if (missing.stream().allMatch(APP_PERMISSIONS::contains)) {
            return "RingCentral refused access because the connection lacks the " + named + " permission. Reconnect RingCentral "
                    + "as an administrator and approve every permission our app asks for (call log, call recordings, account info)."
                    + said;
        }
        return "RingCentral refused access because the user who connected lacks the " + named + " permission, which the "
                + "company call log needs. Reconnect RingCentral as an administrator (or a user whose role includes "
                + "'Company Call Log' and call recordings)." + said;
    }

    /** Permission names RingCentral reports as missing, from permissionName fields or "[Name]" in messages. */
    static Set<String> missingPermissions(List<String> vendorErrors) {
        Set<String> names = new LinkedHashSet<>();
        for (String error : vendorErrors) {
            JsonNode node = parse(error);
            if (node != null && node.path("permissionName").isString()) {
                names.add(node.path("permissionName").stringValue());
            }
            Matcher matcher = PERMISSION_IN_MESSAGE.matcher(node != null ? node.path("message").asString("") : error);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    private static List<String> messages(List<String> vendorErrors) {
        List<String> messages = new ArrayList<>();
        for (String error : vendorErrors) {
            JsonNode node = parse(error);
            String message = node == null ? error : node.path("message").asString(node.path("error_description").asString(""));
            if (!message.isBlank() && !messages.contains(message)) {
                messages.add(message);
            }
        }
        return messages;
    }

    // the shared HTTP client passes each element of RingCentral's "errors" array as its JSON text
    private static JsonNode parse(String error) {
        if (!error.strip().startsWith("{")) {
            return null;
        }
        try {
            return ERROR_JSON.readTree(error);
        } catch (JacksonException notJson) {
            return null;
        }
    }

    private static String withoutTrailingSlash(URI uri) {
        String value = uri.toString().strip();
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        return value;
    }
}
