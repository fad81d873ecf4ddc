package com.callimport.connectors.http;

import com.callimport.connector.ConnectionContext;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.RecordingContent;
import com.callimport.connector.VendorHosts;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Talks to one connection's vendor for one {@link com.callimport.connector.CallSource}: every API
 * request passes {@link com.callimport.connector.RequestPermits#awaitPermit()} first, and every
 * failure comes back as the SPI's typed {@link ConnectorException}:
 * <ul>
 *   <li>401/403 → {@link ConnectorException.AuthenticationFailed} with the connector's remediation;</li>
 *   <li>429 → {@link ConnectorException.RateLimited} with the Retry-After (seconds or HTTP-date), else the
 *       RateLimit-Reset, else 1 s;</li>
 *   <li>an unknown host or a refused connection → {@link ConnectorException.AuthenticationFailed} naming the host:
 *       the address on the connection is wrong, and trying again will not fix it;</li>
 *   <li>5xx, timeouts, dropped connections, truncated JSON → {@link ConnectorException.TemporarilyUnavailable};</li>
 *   <li>other statuses, unreadable bodies → {@link ConnectorException.UnexpectedResponse}.</li>
 * </ul>
 * It never retries and never sleeps. Messages name the method and path, never headers or query
 * values, so no credential can reach them; of a reply they carry only the vendor's own error messages
 * ({@code errors[]}, {@code message}, {@code error_description}, {@code error}), never other body text. A
 * request goes only to the connector's declared {@link VendorHosts} (API hosts for API requests, storage
 * hosts for downloads) over https, or to the operator's override in {@link ConnectionContext#baseUrl()}.
 * Used by one thread at a time, like its source.
 */
public final class VendorHttpClient {
    private static final int MAX_ERROR_TEXT = 300;

    private final RestClient rest;
    private final ConnectionContext context;
    private final JsonMapper json;
    private final String vendorName;
    private final AuthenticationRemediation remediation;
    private final Duration waitWhenUnannounced;
    private final VendorHosts hosts;

    /**
     * @param vendorName  the vendor as the customer knows it, used in messages (e.g. "the vendor's API")
     * @param remediation what the customer must do when the vendor refuses the credentials
     */
    public VendorHttpClient(HttpTransport transport, ConnectionContext context, JsonMapper json, String vendorName,
                            AuthenticationRemediation remediation) {
        this(transport, context, json, vendorName, remediation, RetryAfter.WHEN_ABSENT);
    }

    /**
     * @param waitWhenUnannounced what a 429 without Retry-After (or RateLimit-Reset) asks for, for vendors
     *                            that document a longer wait than {@link RetryAfter#WHEN_ABSENT}
     */
    public VendorHttpClient(HttpTransport transport, ConnectionContext context, JsonMapper json, String vendorName,
                            AuthenticationRemediation remediation, Duration waitWhenUnannounced) {
        this.rest = transport.restClient(context.requestTimeout(), context.baseUrl());
        this.hosts = transport.hosts();
        this.context = context;
        this.json = json;
        this.vendorName = vendorName;
        this.remediation = remediation;
        this.waitWhenUnannounced = waitWhenUnannounced;
    }

    /**
     * Sends one API request with a JSON body (or none) and reads the JSON answer.
     *
     * @param headers       sent as given (e.g. Authorization); never appear in messages
     * @param body          the JSON body, or null for none
     * @param handledStatus non-2xx statuses the caller reads itself instead of getting an exception
     */
    public JsonReply exchangeJson(HttpMethod method, URI uri, Map<String, String> headers, JsonNode body,
                                  Set<Integer> handledStatus) throws ConnectorException, InterruptedException {
        return exchangeJson(null, method, uri, headers, body, handledStatus);
    }

    /**
     * As {@link #exchangeJson(HttpMethod, URI, Map, JsonNode, Set)}, after a permit from one of the vendor's named
     * request groups ({@link com.callimport.connector.RequestPermits#awaitPermit(String)}); null means the account's.
     */
    public JsonReply exchangeJson(String permitGroup, HttpMethod method, URI uri, Map<String, String> headers, JsonNode body,
                                  Set<Integer> handledStatus) throws ConnectorException, InterruptedException {
        requireApiHost(uri);
        awaitPermit(permitGroup);
        String what = method + " " + uri.getPath();
        RawReply reply;
        try {
            RestClient.RequestBodySpec request = rest.method(method).uri(uri).accept(MediaType.APPLICATION_JSON);
            headers.forEach(request::header);
            if (body != null) {
                request.contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsBytes(body));
            }
            reply = request.exchange((sent, response) -> new RawReply(
                    response.getStatusCode().value(), response.getHeaders(), response.getBody().readAllBytes()), true);
        } catch (RestClientException failure) {
            throw unreachable(what, uri, failure);
        }
        int status = reply.status();
        boolean success = status >= 200 && status < 300;
        if (success || handledStatus.contains(status)) {
            // 204 No Content (e.g. a DELETE) is a success that has no body to read
            return new JsonReply(status, parse(what, uri, reply.body(), success && status != 204));
        }
        throw reportRefusal(permitGroup, mapFailure(what, uri, status, reply.headers(), vendorErrors(reply.body())));
    }

    /**
     * Opens a download from a pre-signed storage address: no permit (storage is not the vendor's API)
     * and no credentials. The content is streamed, not buffered; a body shorter than its
     * Content-Length fails the read with an {@link IOException}.
     *
     * @param fallbackMediaType used when the storage sends no specific Content-Type
     * @param handledStatus     statuses (e.g. 403 for an expired signature) answered with an empty result
     */
    public Optional<RecordingContent> openDownload(URI uri, String fallbackMediaType, Set<Integer> handledStatus)
            throws ConnectorException, InterruptedException {
        requireStorageHost(uri);
        MediaReply reply = sendForMedia(uri, Map.of(), fallbackMediaType, handledStatus, false);
        return switch (reply) {
            case MediaReply.Streaming(RecordingContent content) -> Optional.of(content);
            case MediaReply.Refused refused -> Optional.empty();
            case MediaReply.Redirected(URI location) -> throw new ConnectorException.UnexpectedResponse(
                    "download " + uri.getHost() + uri.getPath() + " redirected to " + location.getHost() + ", which storage never does", null);
        };
    }

    /**
     * Asks the vendor's API for a call's media with the connection's credentials (after a permit, like
     * any API request). The vendor either streams the media itself or redirects to a pre-signed storage
     * address, which is returned unfollowed so that the credentials never travel to another host; open
     * it with {@link #openDownload}. Failures map as for {@link #exchangeJson}.
     *
     * @param handledStatus statuses (e.g. 404 for a call without media) answered with {@link MediaReply.Refused}
     */
    public MediaReply openApiMedia(URI uri, Map<String, String> headers, String fallbackMediaType, Set<Integer> handledStatus)
            throws ConnectorException, InterruptedException {
        return openApiMedia(null, uri, headers, fallbackMediaType, handledStatus);
    }

    /** As {@link #openApiMedia(URI, Map, String, Set)}, after a permit from the vendor's named request group {@code permitGroup}. */
    public MediaReply openApiMedia(String permitGroup, URI uri, Map<String, String> headers, String fallbackMediaType,
                                   Set<Integer> handledStatus) throws ConnectorException, InterruptedException {
        requireApiHost(uri);
        awaitPermit(permitGroup);
        try {
            return sendForMedia(uri, headers, fallbackMediaType, handledStatus, true);
        } catch (ConnectorException.RateLimited limited) {
            throw reportRefusal(permitGroup, limited);
        }
    }

    /** Tells the engine's budget of a 429, so that every worker of the account holds back, not only this one. */
    private ConnectorException reportRefusal(String group, ConnectorException failure) {
        if (failure instanceof ConnectorException.RateLimited limited) {
            if (group == null) {
                context.permits().refused(limited.retryAfter());
            } else {
                context.permits().refused(group, limited.retryAfter());
            }
        }
        return failure;
    }

    private void awaitPermit(String group) throws InterruptedException {
        if (group == null) {
            context.permits().awaitPermit();
        } else {
            context.permits().awaitPermit(group);
        }
    }

    private MediaReply sendForMedia(URI uri, Map<String, String> headers, String fallbackMediaType, Set<Integer> handledStatus,
                                    boolean api) throws ConnectorException, InterruptedException {
        String what = (api ? "GET " : "download ") + (api ? "" : uri.getHost()) + uri.getPath();
        ClientHttpResponse response;
        try {
            RestClient.RequestHeadersSpec<?> request = rest.get().uri(uri);
            headers.forEach(request::header);
            response = request.exchange((sent, received) -> received, false);
        } catch (RestClientException failure) {
            throw unreachable(what, uri, failure);
        }
        try {
            int status = response.getStatusCode().value();
            if (status >= 200 && status < 300) {
                long length = response.getHeaders().getContentLength();
                InputStream stream = response.getBody();
                MediaType type = response.getHeaders().getContentType();
                String mediaType = type == null || MediaType.APPLICATION_OCTET_STREAM.equalsTypeAndSubtype(type)
                        ? fallbackMediaType : type.getType() + "/" + type.getSubtype();
                return new MediaReply.Streaming(length >= 0
                        ? new RecordingContent(new LengthCheckedInputStream(stream, length), mediaType, OptionalLong.of(length))
                        : new RecordingContent(stream, mediaType, OptionalLong.empty()));
            }
            URI location = status >= 300 && status < 400 ? response.getHeaders().getLocation() : null;
            byte[] body = api ? response.getBody().readAllBytes() : new byte[0];
            response.close();
            if (location != null) {
                return new MediaReply.Redirected(uri.resolve(location));
            }
            if (handledStatus.contains(status)) {
                return new MediaReply.Refused(status);
            }
            if (api || status == 429 || status >= 500) {
                throw mapFailure(what, uri, status, response.getHeaders(), api ? vendorErrors(body) : Optional.of(List.of()));
            }
            throw new ConnectorException.UnexpectedResponse(what + " answered HTTP " + status, null);
        } catch (IOException failure) {
            response.close();
            throw new ConnectorException.TemporarilyUnavailable(what + " failed: " + failure.getMessage(), failure);
        }
    }

    /** API requests carry credentials: only to the vendor's API hosts over https, or to the operator's override. */
    private void requireApiHost(URI uri) throws ConnectorException {
        if (!isOperatorOverride(uri) && !(isPlainHttps(uri) && hosts.isApiHost(uri.getHost()))) {
            throw new ConnectorException.UnexpectedResponse("refused to send a request to " + hostOf(uri) + ": it is not "
                    + vendorName + "'s API address (" + hosts.apiAddresses() + "); check the address", null);
        }
    }

    /** Media links come from vendor replies: only the vendor's declared storage hosts over https, or the operator's override. */
    private void requireStorageHost(URI uri) throws ConnectorException {
        if (!isOperatorOverride(uri) && !(isPlainHttps(uri) && hosts.isStorageHost(uri.getHost()))) {
            throw new ConnectorException.UnexpectedResponse("refused to download media from " + hostOf(uri) + ": "
                    + vendorName + " keeps media only on " + (hosts.storage().isEmpty() ? "its API hosts"
                    : hosts.storage().stream().map(Object::toString).collect(java.util.stream.Collectors.joining(", "))), null);
        }
    }

    private static boolean isPlainHttps(URI uri) {
        return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && uri.getRawUserInfo() == null
                && (uri.getPort() == -1 || uri.getPort() == 443);
    }

    private boolean isOperatorOverride(URI uri) {
        return context.baseUrl().filter(override -> override.getScheme() != null && override.getHost() != null
                && override.getScheme().equalsIgnoreCase(uri.getScheme()) && override.getHost().equalsIgnoreCase(uri.getHost())
                && override.getPort() == uri.getPort() && uri.getRawUserInfo() == null).isPresent();
    }

    private static String hostOf(URI uri) {
        return uri.getHost() == null ? "an address without a host" : uri.getHost();
    }

    private String notTheVendor(URI uri) {
        return "the server at " + hostOf(uri) + " did not answer like the " + vendorName + " API; check the address";
    }

    private JsonNode parse(String what, URI uri, byte[] body, boolean required) throws ConnectorException {
        if (body.length == 0) {
            if (required) {
                throw new ConnectorException.UnexpectedResponse(what + ": " + vendorName + " answered an empty body", null);
            }
            return MissingNode.getInstance();
        }
        try {
            return json.readTree(body);
        } catch (JacksonException unreadable) {
            if (endsEarly(unreadable, body.length)) {
                throw new ConnectorException.TemporarilyUnavailable(what + ": " + vendorName + "'s answer was cut short", unreadable);
            }
            if (!required) {
                return MissingNode.getInstance();
            }
            throw new ConnectorException.UnexpectedResponse(what + ": " + notTheVendor(uri), unreadable);
        }
    }

    /** Whether the parser failed because the text stopped, not because it was wrong: a cut answer is worth retrying. */
    private static boolean endsEarly(JacksonException failure, int length) {
        if (failure instanceof UnexpectedEndOfInputException) {
            return true;
        }
        // Jackson reports an unclosed array or object as a plain read error located at the end of the input
        return failure instanceof StreamReadException && failure.getLocation() != null
                && failure.getLocation().getByteOffset() >= length;
    }

    /** @param vendorErrors the vendor's own error messages, or empty when the body is not the vendor's error shape */
    private ConnectorException mapFailure(String what, URI uri, int status, HttpHeaders headers, Optional<List<String>> vendorErrors) {
        List<String> errors = vendorErrors.orElse(List.of());
        String detail = errors.isEmpty() ? "" : ": " + excerpt(String.join("; ", errors));
        if (status == 401 || status == 403) {
            return new ConnectorException.AuthenticationFailed(remediation.forRefusal(status, errors));
        }
        if (status == 429) {
            String retryAfter = headers.getFirst(HttpHeaders.RETRY_AFTER);
            String reset = headers.getFirst("RateLimit-Reset");
            boolean unannounced = (retryAfter == null || retryAfter.isBlank()) && (reset == null || reset.isBlank());
            return new ConnectorException.RateLimited(unannounced ? waitWhenUnannounced
                    : RetryAfter.parse(retryAfter, reset, context.clock()),
                    what + ": " + vendorName + " answered 429 Too Many Requests" + rateLimitHeaders(headers) + detail);
        }
        if (status >= 500 || status == 408) {
            return new ConnectorException.TemporarilyUnavailable(what + ": " + vendorName + " answered HTTP " + status + detail, null);
        }
        if (vendorErrors.isEmpty()) {
            return new ConnectorException.UnexpectedResponse(what + ": " + notTheVendor(uri) + " (HTTP " + status + ")", null);
        }
        return new ConnectorException.UnexpectedResponse(what + ": " + vendorName + " answered HTTP " + status + detail, null);
    }

    /** The vendor's own rate-limit headers (e.g. X-Rate-Limit-Group, -Limit, -Remaining, -Window), which name no credential. */
    private static String rateLimitHeaders(HttpHeaders headers) {
        List<String> shown = new ArrayList<>();
        headers.forEach((name, values) -> {
            if (name.toLowerCase(java.util.Locale.ROOT).startsWith("x-rate-limit-") && !values.isEmpty()) {
                shown.add(name + "=" + excerpt(values.getFirst()));
            }
        });
        return shown.isEmpty() ? "" : " (" + String.join(", ", shown) + ")";
    }

    private ConnectorException unreachable(String what, URI uri, RestClientException failure) throws InterruptedException {
        // an interrupted send surfaces as an IOException with the thread's flag set again
        if (Thread.interrupted()) {
            InterruptedException interrupted = new InterruptedException(what + " was interrupted");
            interrupted.initCause(failure);
            throw interrupted;
        }
        if (failure.getMostSpecificCause() instanceof PublicOnlyDnsResolver.NonPublicAddress refused) {
            return new ConnectorException.UnexpectedResponse(what + " refused: " + refused.getMessage(), null);
        }
        String wrongAddress = wrongAddress(failure);
        if (wrongAddress != null) {
            // a host that does not exist or does not listen will not answer later either: the address is wrong
            return new ConnectorException.AuthenticationFailed(vendorName + " could not be reached at " + uri.getHost() + ": "
                    + wrongAddress + "; check the address on the connection (a typo in the host name?) and save it again.");
        }
        // the exception's own message repeats the full address, query included; name the cause only
        return new ConnectorException.TemporarilyUnavailable(what + " failed: " + describe(failure.getMostSpecificCause()), failure);
    }

    /** Why the address is at fault (no such host, nothing listening), or null when the failure may pass. */
    private static String wrongAddress(Throwable failure) {
        // an unresolved host may arrive wrapped in a ConnectException: look for it along the whole chain first
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.UnknownHostException || cause instanceof java.nio.channels.UnresolvedAddressException) {
                return "no such host";
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.ConnectException && !(cause instanceof java.net.http.HttpConnectTimeoutException)) {
                return "the host refused the connection";
            }
        }
        return null;
    }

    private static String describe(Throwable cause) {
        return switch (cause) {
            case java.io.InterruptedIOException timeout -> "no answer within the request timeout";
            case java.net.UnknownHostException unknown -> "the host name is unknown";
            case java.net.ConnectException refused -> "the connection was refused";
            case javax.net.ssl.SSLException tls -> "the secure connection could not be established";
            default -> "the connection broke off";
        };
    }

    /**
     * The vendor's own error messages from the error shapes the vendors document: Gong {@code {"errors":["..."]}},
     * RingCentral {@code {"message", "errors":[{"message"}]}} and OAuth {@code {"error", "error_description"}},
     * Fathom and Grain {@code {"message"}} or {@code {"error"}}. Empty when the body is none of these, e.g. a web
     * page from a server that is not the vendor; its text is never shown.
     */
    private Optional<List<String>> vendorErrors(byte[] body) {
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JacksonException notJson) {
            return Optional.empty();
        }
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        List<String> errors = new ArrayList<>();
        node.path("errors").forEach(error -> {
            if (error.isString()) {
                errors.add(error.stringValue());
            } else if (error.path("message").isString()) {
                errors.add(error.path("message").stringValue());
            }
        });
        for (String field : List.of("message", "error_description", "error")) {
            if (errors.isEmpty() && node.path(field).isString()) {
                errors.add(node.path(field).stringValue());
            }
        }
        return errors.isEmpty() ? Optional.empty() : Optional.of(errors);
    }

    private static String excerpt(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= MAX_ERROR_TEXT ? flat : flat.substring(0, MAX_ERROR_TEXT) + "…";
    }

    private record RawReply(int status, HttpHeaders headers, byte[] body) {
    }
}
