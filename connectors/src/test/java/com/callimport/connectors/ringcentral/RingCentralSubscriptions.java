package com.callimport.connectors.ringcentral;

import com.callimport.connectors.ringcentral.RingCentralSimulator.Delivery;
import com.callimport.connectors.ringcentral.RingCentralSimulator.SubscriptionView;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The {@link RingCentralSimulator}'s WebHook subscriptions, as RingCentral documents them: creation checks the
 * address with a synchronous validation request, a subscription lapses at its {@code expirationTime} (simulator
 * clock) unless renewed, a blacklisted one receives nothing, and each notification is POSTed to every active
 * subscription on the simulator's executor, never on the caller's thread. The simulator does the HTTP gating
 * (token, throttling group, permissions) and shapes the event bodies; this class keeps the subscriptions and
 * speaks to the subscribers. Thread-safe.
 */
final class RingCentralSubscriptions {
    /** RC docs (creating-webhooks): the address must answer the validation request within 3,000 ms. */
    static final Duration ANSWER_WITHIN = Duration.ofMillis(3_000);
    /** RC docs (creating-webhooks): the validation answer, headers and body, is at most 1,024 bytes. */
    static final int MAX_VALIDATION_ANSWER_BYTES = 1_024;
    /** RC spec (createSubscription): 30 subscriptions per user and app. */
    static final int MAX_PER_OWNER = 30;
    /** RC spec example (CreateSubscriptionResponseWebhook): 604,799 s; the default when expiresIn is left out is not documented. */
    static final long DEFAULT_EXPIRES_IN = 604_799L;
    /** RC spec (UpdateSubscriptionRequest.expiresIn): at most 10 years for WebHook. */
    static final long MAX_EXPIRES_IN = 315_360_000L;
    static final String SUBSCRIPTION_PATH = "/restapi/v1.0/subscription";
    private static final Pattern ACCOUNT_TELEPHONY_SESSIONS =
            Pattern.compile("/restapi/v1\\.0/account/(~|" + RingCentralSimulator.ACCOUNT_ID + ")/telephony/sessions(\\?.*)?");

    private final Clock clock;
    private final JsonMapper json;
    private final ExecutorService executor;
    private final Supplier<URI> baseUrl;
    private final HttpClient http;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();
    private final List<Delivery> deliveries = new ArrayList<>();
    private final AtomicLong serial = new AtomicLong();
    private volatile String disabledFiltersReason;
    // deliveries still in flight when a test resets the simulator are not recorded into the next test
    private final AtomicLong generation = new AtomicLong();

    RingCentralSubscriptions(Clock clock, JsonMapper json, ExecutorService executor, Supplier<URI> baseUrl) {
        this.clock = clock;
        this.json = json;
        this.executor = executor;
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(ANSWER_WITHIN).build();
    }

    /** An answer to a subscription request, before the simulator adds its rate-limit headers. */
    record Answer(int status, JsonNode body) {
    }

    // ---- the API ----

    /** {@code POST /restapi/v1.0/subscription}: validates, checks the address, then keeps the subscription. */
    Answer create(String ownerId, byte[] requestBody) throws InterruptedException {
        JsonNode request;
        try {
            request = json.readTree(requestBody);
        } catch (JacksonException notJson) {
            return invalid("body", "Request body is invalid");
        }
        if (request == null || !request.isObject()) {
            return invalid("body", "Request body is invalid");
        }
        JsonNode filters = request.path("eventFilters");
        if (!filters.isArray() || filters.isEmpty()) {
            return invalid("eventFilters", "Parameter [eventFilters] value is invalid");
        }
        List<String> resolved = new ArrayList<>();
        for (JsonNode filter : filters) {
            // this simulator emits the account's telephony session events only
            if (!filter.isString() || !ACCOUNT_TELEPHONY_SESSIONS.matcher(filter.stringValue()).matches()) {
                return invalid("eventFilters", "Parameter [eventFilters] value is invalid");
            }
            // RC spec example: the answer names the account by id where the request said ~
            resolved.add(filter.stringValue().replace("/account/~/", "/account/" + RingCentralSimulator.ACCOUNT_ID + "/"));
        }
        JsonNode deliveryMode = request.path("deliveryMode");
        if (!"WebHook".equals(deliveryMode.path("transportType").asString(""))) {
            return invalid("deliveryMode.transportType", "Parameter [deliveryMode.transportType] value is invalid");
        }
        URI address = absoluteHttpUrl(deliveryMode.path("address").asString(""));
        if (address == null) {
            return invalid("deliveryMode.address", "Parameter [deliveryMode.address] value is invalid");
        }
        long expiresIn = DEFAULT_EXPIRES_IN;
        if (request.has("expiresIn")) {
            JsonNode value = request.path("expiresIn");
            if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > MAX_EXPIRES_IN) {
                return invalid("expiresIn", "Parameter [expiresIn] value is invalid");
            }
            expiresIn = value.asLong();
        }
        String verificationToken = deliveryMode.path("verificationToken").isString()
                ? deliveryMode.path("verificationToken").stringValue() : null;
        Instant now = clock.instant();
        long owned = subscriptions.values().stream().filter(s -> s.ownerId.equals(ownerId) && s.liveAt(now)).count();
        if (owned >= MAX_PER_OWNER) {
            // community.ringcentral.com "cannot create webhook subscription, limit has been exceeded": SUB-505
            return error(400, "SUB-505", "Subscriptions limit exceeded");
        }
        Answer refused = validate(address);
        if (refused != null) {
            return refused;
        }
        // RC spec (SubscriptionId path parameter): at most 20 characters, although its examples show 36-character UUIDs
        String id = HexFormat.of().toHexDigits(UUID.randomUUID().getMostSignificantBits())
                + String.format("%04d", serial.incrementAndGet() % 10_000);
        Instant created = clock.instant();
        Subscription subscription = new Subscription(id, ownerId, List.copyOf(resolved), address, verificationToken, expiresIn,
                created, created.plusSeconds(expiresIn), false, null, 0, disabledFiltersReason);
        synchronized (subscriptions) {
            // counted again: other subscriptions may have been created while the address was being checked
            if (subscriptions.values().stream().filter(s -> s.ownerId.equals(ownerId) && s.liveAt(created)).count() >= MAX_PER_OWNER) {
                return error(400, "SUB-505", "Subscriptions limit exceeded");
            }
            subscriptions.put(id, subscription);
        }
        return new Answer(200, info(subscription));
    }

    /** {@code GET /restapi/v1.0/subscription}: the owner's subscriptions. */
    Answer list(String ownerId) {
        ObjectNode list = json.createObjectNode();
        list.put("uri", baseUrl.get() + SUBSCRIPTION_PATH);
        ArrayNode records = list.putArray("records");
        Instant now = clock.instant();
        subscriptions.values().stream().filter(s -> s.ownerId.equals(ownerId) && s.liveAt(now))
                .sorted((a, b) -> a.creationTime.compareTo(b.creationTime)).forEach(s -> records.add(info(s)));
        return new Answer(200, list);
    }

    /** {@code GET /restapi/v1.0/subscription/{id}}. */
    Answer read(String id) {
        Subscription subscription = live(id);
        return subscription == null ? notFound() : new Answer(200, info(subscription));
    }

    /**
     * {@code POST /restapi/v1.0/subscription/{id}/renew}: a new expiration its lifetime from now. A blacklisted
     * subscription is answered as it stands (status Blacklisted, expiration unchanged), which RingCentral's schema allows.
     */
    Answer renew(String id) {
        Instant now = clock.instant();
        Subscription renewed = subscriptions.computeIfPresent(id, (key, subscription) -> !subscription.liveAt(now) ? null
                : subscription.blacklisted ? subscription : subscription.renewed(now));
        return renewed == null ? notFound() : new Answer(200, info(renewed));
    }

    /** {@code DELETE /restapi/v1.0/subscription/{id}}: 204, or 404 when RingCentral has no such subscription. */
    Answer delete(String id) {
        Subscription removed = subscriptions.remove(id);
        return removed == null || !removed.liveAt(clock.instant()) ? notFound() : new Answer(204, null);
    }

    // ---- test controls ----

    List<SubscriptionView> views() {
        Instant now = clock.instant();
        return subscriptions.values().stream().filter(s -> s.liveAt(now))
                .sorted((a, b) -> a.creationTime.compareTo(b.creationTime))
                .map(s -> new SubscriptionView(s.id, s.address, s.blacklisted ? "Blacklisted" : "Active", s.expirationTime, s.renewals))
                .toList();
    }

    void drop(String id) {
        if (subscriptions.remove(id) == null) {
            throw new IllegalArgumentException("the simulator has no subscription " + id);
        }
    }

    void blacklist(String id) {
        Instant now = clock.instant();
        if (subscriptions.computeIfPresent(id, (key, subscription) -> subscription.withBlacklisting(now)) == null) {
            throw new IllegalArgumentException("the simulator has no subscription " + id);
        }
    }

    /**
     * Sends one telephony-session event to every active subscription, each on its own thread of the simulator's
     * executor, and returns when it was sent; empty when no subscription was active, so nothing was sent.
     *
     * @param eventBody the notification's {@code body} (sequence is set here, per session)
     * @param now       the notification's timestamp, on the simulator's clock
     */
    Optional<Instant> deliver(String telephonySessionId, ObjectNode eventBody, Instant now) {
        List<Subscription> active = subscriptions.values().stream()
                .filter(s -> s.liveAt(now) && !s.blacklisted && s.disabledReason == null).toList();
        if (active.isEmpty()) {
            return Optional.empty();
        }
        eventBody.put("sequence", sequences.computeIfAbsent(telephonySessionId, key -> new AtomicLong()).incrementAndGet());
        for (Subscription subscription : active) {
            ObjectNode envelope = json.createObjectNode();
            String uuid = UUID.randomUUID().toString();
            envelope.put("uuid", uuid);
            envelope.put("event", "/restapi/v1.0/account/" + RingCentralSimulator.ACCOUNT_ID + "/telephony/sessions");
            envelope.put("timestamp", now.toString());
            envelope.put("subscriptionId", subscription.id);
            envelope.put("ownerId", subscription.ownerId);
            envelope.set("body", eventBody.deepCopy());
            String body = json.writeValueAsString(envelope);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            headers.put("Content-Type", List.of("application/json"));
            if (subscription.verificationToken != null) {
                headers.put(RingCentralWebhooks.VERIFICATION_TOKEN, List.of(subscription.verificationToken));
            }
            long current = generation.get();
            try {
                executor.submit(() -> post(current, subscription, uuid, telephonySessionId, now, body, headers));
            } catch (RejectedExecutionException closing) {
                return Optional.of(now);
            }
        }
        return Optional.of(now);
    }

    List<Delivery> deliveries() {
        synchronized (deliveries) {
            return List.copyOf(deliveries);
        }
    }

    List<Delivery> awaitDeliveries(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (deliveries) {
            while (deliveries.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("the simulator completed " + deliveries.size() + " of " + count
                            + " deliveries within " + timeout);
                }
                deliveries.wait(Math.max(1, left / 1_000_000));
            }
            return List.copyOf(deliveries);
        }
    }

    /** New subscriptions get all their filters disabled with {@code reason}; null: none. */
    void disableFilters(String reason) {
        disabledFiltersReason = reason;
    }

    void reset() {
        disabledFiltersReason = null;
        subscriptions.clear();
        sequences.clear();
        synchronized (deliveries) {
            generation.incrementAndGet();
            deliveries.clear();
        }
    }

    void close() {
        http.shutdownNow();
    }

    // ---- speaking to subscribers ----

    /** Null when the address answered the validation request as RingCentral requires, else RingCentral's 400. */
    private Answer validate(URI address) throws InterruptedException {
        String token = UUID.randomUUID().toString();
        HttpRequest request = HttpRequest.newBuilder(address).timeout(ANSWER_WITHIN)
                .header(RingCentralWebhooks.VALIDATION_TOKEN, token)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException slow) {
            return error(400, "SUB-525", "WebHook server does not respond within " + ANSWER_WITHIN.toMillis() + " ms");
        } catch (IOException unreachable) {
            return error(400, "SUB-525", "WebHook server is not reachable");
        }
        // RingCentral's wording, as quoted on its developer community and FAQ pages
        if (response.statusCode() != 200) {
            return error(400, "SUB-525", "WebHook responds with incorrect HTTP status. HTTP status is " + response.statusCode());
        }
        if (!token.equals(response.headers().firstValue(RingCentralWebhooks.VALIDATION_TOKEN).orElse(null))) {
            return error(400, "SUB-520", "Validation Token is not returned");
        }
        long size = response.body().length;
        for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
            for (String value : header.getValue()) {
                size += header.getKey().length() + value.length() + 4;
            }
        }
        if (size > MAX_VALIDATION_ANSWER_BYTES) {
            return error(400, "SUB-525", "WebHook server response is invalid");
        }
        return null;
    }

    private void post(long sentInGeneration, Subscription subscription, String uuid, String telephonySessionId, Instant sentAt,
                      String body, Map<String, List<String>> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(subscription.address).timeout(ANSWER_WITHIN)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach((name, values) -> values.forEach(value -> request.header(name, value)));
        int status;
        try {
            status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException unreachable) {
            status = 0;
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            return;
        }
        synchronized (deliveries) {
            if (generation.get() != sentInGeneration) {
                return;
            }
            deliveries.add(new Delivery(subscription.id, uuid, telephonySessionId, sentAt, status, body, headers));
            deliveries.notifyAll();
        }
    }

    // ---- RingCentral's shapes ----

    private ObjectNode info(Subscription subscription) {
        ObjectNode info = json.createObjectNode();
        info.put("uri", baseUrl.get() + SUBSCRIPTION_PATH + "/" + subscription.id);
        info.put("id", subscription.id);
        ArrayNode filters = info.putArray("eventFilters");
        ArrayNode disabled = info.putArray("disabledFilters");
        for (String filter : subscription.eventFilters) {
            if (subscription.disabledReason == null) {
                filters.add(filter);
            } else {
                disabled.addObject().put("filter", filter).put("reason", subscription.disabledReason);
            }
        }
        info.put("expirationTime", subscription.expirationTime.toString());
        info.put("expiresIn", Math.max(1, Duration.between(clock.instant(), subscription.expirationTime).toSeconds()));
        info.put("status", subscription.blacklisted ? "Blacklisted" : "Active");
        info.put("creationTime", subscription.creationTime.toString());
        ObjectNode deliveryMode = info.putObject("deliveryMode");
        deliveryMode.put("transportType", "WebHook");
        deliveryMode.put("address", subscription.address.toString());
        deliveryMode.put("encryption", false);
        if (subscription.blacklisted) {
            ObjectNode blacklisted = info.putObject("blacklistedData");
            blacklisted.put("blacklistedAt", subscription.blacklistedAt.toString());
            blacklisted.put("reason", "Webhook responses are not successful");
        }
        return info;
    }

    private Answer invalid(String parameter, String message) {
        Answer answer = error(400, "CMN-101", message);
        ((ObjectNode) answer.body().path("errors").get(0)).put("parameterName", parameter);
        return answer;
    }

    private Answer notFound() {
        return error(404, "CMN-102", "Resource for parameter [subscriptionId] is not found");
    }

    private Answer error(int status, String code, String message) {
        ObjectNode body = json.createObjectNode();
        ObjectNode error = body.putArray("errors").addObject();
        error.put("errorCode", code);
        error.put("message", message);
        return new Answer(status, body);
    }

    private static URI absoluteHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            return http && uri.getHost() != null ? uri : null;
        } catch (Exception malformed) {
            return null;
        }
    }

    private Subscription live(String id) {
        Subscription subscription = subscriptions.get(id);
        return subscription == null || !subscription.liveAt(clock.instant()) ? null : subscription;
    }

    /** One subscription as RingCentral keeps it; an expired one is gone, whatever the map still holds. */
    private record Subscription(String id, String ownerId, List<String> eventFilters, URI address, String verificationToken,
                                long expiresIn, Instant creationTime, Instant expirationTime, boolean blacklisted,
                                Instant blacklistedAt, int renewals, String disabledReason) {
        boolean liveAt(Instant now) {
            return now.isBefore(expirationTime);
        }

        Subscription renewed(Instant now) {
            return new Subscription(id, ownerId, eventFilters, address, verificationToken, expiresIn, creationTime,
                    now.plusSeconds(expiresIn), false, null, renewals + 1, disabledReason);
        }

        Subscription withBlacklisting(Instant now) {
            return new Subscription(id, ownerId, eventFilters, address, verificationToken, expiresIn, creationTime,
                    expirationTime, true, now, renewals, disabledReason);
        }
    }
}
