package com.callimport.connectors.ringcentral;

import com.callimport.connector.ConnectionContext;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.BearerToken;
import com.callimport.connector.DateWindow;
import com.callimport.connector.RecordingContent;
import com.callimport.connector.Secret;
import com.callimport.connectors.http.HttpTransport;
import com.callimport.connectors.http.JsonReply;
import com.callimport.connectors.http.MediaReply;
import com.callimport.connectors.http.VendorHttpClient;
import org.springframework.http.HttpMethod;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Duration;
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
    static final String SUBSCRIPTION_PATH = "/restapi/v1.0/subscription";
    // every extension's calls; RC docs (event-filters/account-telephony-sessions): needs the CallControl app permission
    static final String TELEPHONY_SESSIONS_FILTER = "/restapi/v1.0/account/~/telephony/sessions";
    // RC spec, PerPageWithMax: 1 to 1000 records a page
    static final int MAX_PAGE_SIZE = 1000;
    static final String FALLBACK_AUDIO_TYPE = "audio/mpeg";

    // RingCentral names a missing permission in brackets: "... needs to have [ReadCallLog] permission"
    private static final Pattern PERMISSION_IN_MESSAGE = Pattern.compile("\\[([A-Za-z]+)]");
    private static final Set<String> APP_PERMISSIONS = Set.of("ReadCallLog", "ReadCallRecording", "ReadAccounts", "CallControl");
    private static final Set<Integer> RECORDING_GONE = Set.of(404);
    private static final Set<Integer> SUBSCRIPTION_REFUSED = Set.of(400);
    private static final Set<Integer> SUBSCRIPTION_GONE = Set.of(404);
    private static final JsonMapper ERROR_JSON = JsonMapper.builder().build();

    private final VendorHttpClient http;
    private final JsonMapper json;
    private final String platformBase;
    private final String mediaBase;
    private final BearerToken bearerToken;

    RingCentralClient(HttpTransport transport, ConnectionContext context, JsonMapper json) {
        // RC docs: a 429 without Retry-After asks for at least 30 s; the penalty it signals lasts 60 s
        this.http = new VendorHttpClient(transport, context, json, "RingCentral", RingCentralClient::remediation,
                RingCentralThrottlingGroup.PENALTY);
        this.json = json;
        this.platformBase = context.baseUrl().map(RingCentralClient::withoutTrailingSlash).orElse(PLATFORM_URL);
        // an operator's override (sandbox, simulator) serves both entry points
        this.mediaBase = context.baseUrl().map(RingCentralClient::withoutTrailingSlash).orElse(MEDIA_URL);
        this.bearerToken = context.bearerToken();
    }

    // asked for per request: the engine renews the token while a page's downloads outlive it
    private Map<String, String> authorization() throws ConnectorException, InterruptedException {
        return Map.of("Authorization", "Bearer " + bearerToken.current().reveal());
    }

    String platformBase() {
        return platformBase;
    }

    /** {@code GET /restapi/v1.0/account/~/extension/~}: who signed in, in the Light group. */
    JsonNode currentExtension() throws ConnectorException, InterruptedException {
        URI uri = URI.create(platformBase + EXTENSION_PATH);
        JsonNode extension = http.exchangeJson(RingCentralThrottlingGroup.LIGHT.vendorName(), HttpMethod.GET,
                uri, authorization(), null, Set.of()).body();
        if (!extension.has("id")) {
            throw new ConnectorException.UnexpectedResponse("GET " + EXTENSION_PATH + ": the server at " + uri.getHost()
                    + " did not answer like the RingCentral API; check the address", null);
        }
        return extension;
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
                authorization(), null, Set.of());
        if (!reply.body().path("records").isArray()) {
            throw new ConnectorException.UnexpectedResponse("GET " + CALL_LOG_PATH + ": RingCentral's answer has no records array", null);
        }
        return reply.body();
    }

    /**
     * The company call log's records of one telephony session ({@code readCompanyCallLog}, Heavy), detailed view.
     * dateFrom and dateTo are left out: RingCentral then reads the 24 hours before now (RC spec: dateFrom defaults
     * to dateTo minus 24 h, dateTo to now), which holds a call that has just ended.
     */
    JsonNode callLogOfSession(String telephonySessionId) throws ConnectorException, InterruptedException {
        URI uri = UriComponentsBuilder.fromUriString(platformBase + CALL_LOG_PATH)
                .queryParam("telephonySessionId", telephonySessionId)
                .queryParam("view", "Detailed")
                .encode().build().toUri();
        JsonReply reply = http.exchangeJson(RingCentralThrottlingGroup.HEAVY.vendorName(), HttpMethod.GET, uri,
                authorization(), null, Set.of());
        if (!reply.body().path("records").isArray()) {
            throw new ConnectorException.UnexpectedResponse("GET " + CALL_LOG_PATH + ": RingCentral's answer has no records array", null);
        }
        return reply.body();
    }

    /**
     * The newest page of the company call log ({@code readCompanyCallLog}, Heavy), detailed view, 1,000 records: with
     * dateFrom and dateTo left out RingCentral reads the 24 hours before now, newest call first, which holds calls
     * that have just ended. One request answers a burst of notifications that {@link #callLogOfSession} would
     * answer one request each (its telephonySessionId filter takes a single id, RC spec).
     */
    JsonNode recentCallLog() throws ConnectorException, InterruptedException {
        URI uri = UriComponentsBuilder.fromUriString(platformBase + CALL_LOG_PATH)
                .queryParam("view", "Detailed")
                .queryParam("perPage", MAX_PAGE_SIZE)
                .encode().build().toUri();
        JsonReply reply = http.exchangeJson(RingCentralThrottlingGroup.HEAVY.vendorName(), HttpMethod.GET, uri,
                authorization(), null, Set.of());
        if (!reply.body().path("records").isArray()) {
            throw new ConnectorException.UnexpectedResponse("GET " + CALL_LOG_PATH + ": RingCentral's answer has no records array", null);
        }
        return reply.body();
    }

    /**
     * {@code POST /restapi/v1.0/subscription} ({@code createSubscription}, Medium) for the account's telephony
     * session events, delivered by WebHook to {@code address}. RingCentral checks the address (its validation
     * handshake) before it answers. A 400 is returned for the caller to read, not thrown: it is how RingCentral
     * reports a failed handshake and the subscription limit.
     */
    JsonReply createSubscription(URI address, Secret verificationToken, Duration lifetime)
            throws ConnectorException, InterruptedException {
        ObjectNode body = json.createObjectNode();
        body.putArray("eventFilters").add(TELEPHONY_SESSIONS_FILTER);
        ObjectNode deliveryMode = body.putObject("deliveryMode");
        deliveryMode.put("transportType", "WebHook");
        deliveryMode.put("address", address.toString());
        if (!verificationToken.isBlank()) {
            deliveryMode.put("verificationToken", verificationToken.reveal());
        }
        body.put("expiresIn", lifetime.toSeconds());
        return http.exchangeJson(RingCentralThrottlingGroup.MEDIUM.vendorName(), HttpMethod.POST,
                URI.create(platformBase + SUBSCRIPTION_PATH), authorization(), body, SUBSCRIPTION_REFUSED);
    }

    /**
     * {@code POST /restapi/v1.0/subscription/{id}/renew} ({@code renewSubscription}, Light in RingCentral's spec,
     * with no body: the subscription is extended by the lifetime it was created with). A 404 is returned for the
     * caller to read.
     */
    JsonReply renewSubscription(String subscriptionId) throws ConnectorException, InterruptedException {
        URI uri = UriComponentsBuilder.fromUriString(platformBase + SUBSCRIPTION_PATH + "/{id}/renew")
                .buildAndExpand(subscriptionId).encode().toUri();
        return http.exchangeJson(RingCentralThrottlingGroup.LIGHT.vendorName(), HttpMethod.POST, uri, authorization(), null,
                SUBSCRIPTION_GONE);
    }

    /** {@code DELETE /restapi/v1.0/subscription/{id}} ({@code deleteSubscription}, Medium); a 404 is returned for the caller to read. */
    JsonReply deleteSubscription(String subscriptionId) throws ConnectorException, InterruptedException {
        URI uri = UriComponentsBuilder.fromUriString(platformBase + SUBSCRIPTION_PATH + "/{id}")
                .buildAndExpand(subscriptionId).encode().toUri();
        return http.exchangeJson(RingCentralThrottlingGroup.MEDIUM.vendorName(), HttpMethod.DELETE, uri, authorization(), null,
                SUBSCRIPTION_GONE);
    }

    /**
     * Streams a recording's content ({@code readCallRecordingContent}, Heavy) from the media entry point with
     * the bearer token. The address is rebuilt from the recording id rather than taken from the listing, so
     * that the token is never sent to a host other than RingCentral's (or the operator's override).
     */
    RecordingContent recordingContent(String recordingId) throws ConnectorException, InterruptedException {
        URI uri = UriComponentsBuilder.fromUriString(mediaBase + RECORDING_CONTENT_PATH.formatted("{id}"))
                .buildAndExpand(recordingId).encode().toUri();
        MediaReply reply = http.openApiMedia(RingCentralThrottlingGroup.HEAVY.vendorName(), uri, authorization(),
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
                    + "includes the company call log and call recordings, and approve every permission our app asks for "
                    + "(call log, call recordings, account info, call control)." + said;
        }
        String named = String.join(", ", missing);
        if (missing.stream().allMatch(APP_PERMISSIONS::contains)) {
            return "RingCentral refused access because the connection lacks the " + named + " permission. Reconnect RingCentral "
                    + "as an administrator and approve every permission our app asks for (call log, call recordings, account info, "
                    + "and call control for notice of ended calls)." + said;
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
