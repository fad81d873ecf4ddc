package com.callimport.connectors.ringcentral;

import com.callimport.connector.AccessCheck;
import com.callimport.connector.CallCount;
import com.callimport.connector.CallPage;
import com.callimport.connector.CallSource;
import com.callimport.connector.Checkpoint;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.DateWindow;
import com.callimport.connector.RecordingContent;
import com.callimport.connector.Secret;
import com.callimport.connector.SourceCall;
import com.callimport.connector.WebhookSubscription;
import com.callimport.connectors.http.JsonReply;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One connection's RingCentral calls: a page is one request for a numbered page of the company call log.
 * Holds no state between requests: a recording is found again from the call's own raw metadata, so
 * {@link #openRecording} is safe from several threads at once and works for a call listed by another source.
 *
 * <p>Webhooks: one subscription to the account's telephony sessions per connection; a notified call is read
 * again by its telephony session id ({@link #fetchCalls}), which may yield several call log records.
 */
final class RingCentralCallSource implements CallSource {
    private static final int MAX_COUNTED_PAGES = 100_000;
    /**
     * How much wider than the window the call log is asked: RingCentral does not document whether dateFrom and dateTo
     * include their instant, so a call at a window's edge is asked for on both sides and kept on one ({@link #inWindow}).
     */
    static final Duration EDGE_MARGIN = Duration.ofMinutes(1);
    // RC spec (UpdateSubscriptionRequest.expiresIn): a WebHook subscription lives at most 315,360,000 s (10 years)
    private static final Duration MAX_SUBSCRIPTION_LIFETIME = Duration.ofSeconds(315_360_000L);

    private final RingCentralClient client;
    private final RingCentralCallMapper mapper;
    private final JsonMapper json;

    RingCentralCallSource(RingCentralClient client, RingCentralCallMapper mapper, JsonMapper json) {
        this.client = client;
        this.mapper = mapper;
        this.json = json;
    }

    @Override
    public AccessCheck verifyAccess() throws ConnectorException, InterruptedException {
        JsonNode extension = client.currentExtension();
        String accountId = RingCentralCallMapper.text(extension.path("account"), "id");
        String name = RingCentralCallMapper.text(extension, "name");
        String number = RingCentralCallMapper.text(extension, "extensionNumber");
        List<String> limits = new ArrayList<>();
        if (!extension.path("permissions").path("admin").path("enabled").asBoolean(true)) {
            limits.add("The RingCentral user who connected is not an administrator: unless their role includes 'Company Call Log', "
                    + "RingCentral will refuse the company call log; reconnect as an administrator if the import is refused.");
        }
        limits.add("RingCentral keeps automatic and on-demand call recordings 90 days (at most 100,000 automatic recordings per "
                + "account) and the call log 12 months: older calls come without recordings, or not at all.");
        limits.add("RingCentral has no transcripts in its call log: calls come with metadata, participants and recordings only.");
        limits.add("RingCentral allows 10 call-log or recording requests a minute for the user who connected (its 'Heavy' group), "
                + "shared with other apps that user authorized: about 600 recordings an hour.");
        String account = "RingCentral account " + (accountId == null ? "(unknown id)" : accountId)
                + (name == null ? "" : ", connected by " + name + (number == null ? "" : " (ext. " + number + ")"))
                + " at " + client.platformBase();
        return new AccessCheck(account, limits);
    }

    @Override
    public CallCount countCalls(DateWindow window) throws ConnectorException, InterruptedException {
        // RingCentral's call log reports no reliable total (paging.totalElements is optional): count the pages
        RingCentralCheckpoint position = RingCentralCheckpoint.start();
        long calls = 0;
        for (int pages = 0; pages < MAX_COUNTED_PAGES; pages++) {
            JsonNode body = client.callLogPage(listed(window), position);
            for (JsonNode record : body.path("records")) {
                if (inWindow(record, window)) {
                    calls++;
                }
            }
            Optional<RingCentralCheckpoint> next = next(body, position);
            if (next.isEmpty()) {
                return new CallCount(calls, true);
            }
            position = next.get();
        }
        return new CallCount(calls, false);
    }

    @Override
    public CallPage fetchPage(DateWindow window, Checkpoint position) throws ConnectorException, InterruptedException {
        RingCentralCheckpoint at = RingCentralCheckpoint.read(position);
        JsonNode body = client.callLogPage(listed(window), at);
        List<SourceCall> calls = new ArrayList<>();
        List<CallPage.FailedCall> failed = new ArrayList<>();
        read(body, record -> inWindow(record, window), calls, failed);
        return new CallPage(calls, List.of(), failed, next(body, at).map(RingCentralCheckpoint::write));
    }

    @Override
    public WebhookSubscription subscribe(URI address, Secret verificationToken, Duration lifetime)
            throws ConnectorException, InterruptedException {
        if (!address.isAbsolute()) {
            throw new IllegalArgumentException("RingCentral delivers to an absolute URL, not to " + address);
        }
        if (lifetime.toSeconds() < 1 || lifetime.compareTo(MAX_SUBSCRIPTION_LIFETIME) > 0) {
            throw new IllegalArgumentException("a RingCentral WebHook subscription lives 1 s to 10 years, not " + lifetime);
        }
        JsonReply reply = client.createSubscription(address, verificationToken, lifetime);
        if (!reply.isSuccess()) {
            throw refusedSubscription(address, reply);
        }
        WebhookSubscription subscription = subscription(reply.body(), "POST " + RingCentralClient.SUBSCRIPTION_PATH);
        List<String> disabled = new ArrayList<>();
        reply.body().path("disabledFilters").forEach(filter -> disabled.add(
                filter.path("filter").asString("?") + " (" + filter.path("reason").asString("no reason given") + ")"));
        if (!disabled.isEmpty()) {
            // a subscription whose only filter is disabled would never deliver: do not leave it behind
            unsubscribeQuietly(subscription.id());
            throw new ConnectorException.AuthenticationFailed("RingCentral accepted our webhook subscription but disabled its "
                    + "events: " + String.join("; ", disabled) + ". Reconnect RingCentral as an administrator and approve every "
                    + "permission our app asks for, call control included; until then calls arrive by the scheduled sync.");
        }
        return subscription;
    }

    /**
     * Renews with RingCentral's renew request, which carries no body: the subscription is extended by the lifetime
     * it was created with, whatever {@code lifetime} says.
     */
    @Override
    public Optional<WebhookSubscription> renew(String subscriptionId, Duration lifetime) throws ConnectorException, InterruptedException {
        JsonReply reply = client.renewSubscription(subscriptionId);
        if (reply.status() == 404) {
            return Optional.empty();
        }
        if ("Blacklisted".equals(reply.body().path("status").asString(""))) {
            // RC docs (webhooks/troubleshooting): a blacklisted subscription never delivers again; delete it and start anew
            unsubscribeQuietly(subscriptionId);
            return Optional.empty();
        }
        return Optional.of(subscription(reply.body(), "POST " + RingCentralClient.SUBSCRIPTION_PATH + "/{id}/renew"));
    }

    @Override
    public void unsubscribe(String subscriptionId) throws ConnectorException, InterruptedException {
        // a 404 means RingCentral no longer has it (deleted or expired): already ended
        client.deleteSubscription(subscriptionId);
    }

    /**
     * One Heavy call-log request per telephony session id, read as {@link #fetchPage} reads a page. A session
     * RingCentral has not logged yet (its call log lags its events by seconds to minutes) yields no call.
     */
    @Override
    public CallPage fetchCalls(List<String> callKeys) throws ConnectorException, InterruptedException {
        List<SourceCall> calls = new ArrayList<>();
        List<CallPage.FailedCall> failed = new ArrayList<>();
        for (String telephonySessionId : new LinkedHashSet<>(callKeys)) {
            if (telephonySessionId == null || telephonySessionId.isBlank()) {
                continue;
            }
            read(client.callLogOfSession(telephonySessionId), record -> true, calls, failed);
        }
        return new CallPage(calls, List.of(), failed, Optional.empty());
    }

    /**
     * Several telephony sessions at once: one Heavy read of the newest 1,000 call log records (the last 24 hours)
     * instead of one read per session. Only when that page is full (more than 1,000 calls in 24 hours) are the sessions
     * it did not hold read one by one; otherwise a session it lacks is one RingCentral has not logged yet.
     */
    @Override
    public Map<String, CallPage> fetchCallsByKey(Collection<String> callKeys) throws ConnectorException, InterruptedException {
        Set<String> sessions = new LinkedHashSet<>();
        callKeys.stream().filter(key -> key != null && !key.isBlank()).forEach(sessions::add);
        if (sessions.size() < 2) {
            return CallSource.super.fetchCallsByKey(sessions);
        }
        JsonNode recent = client.recentCallLog();
        Map<String, CallPage> pages = new LinkedHashMap<>();
        for (String session : sessions) {
            List<SourceCall> calls = new ArrayList<>();
            List<CallPage.FailedCall> failed = new ArrayList<>();
            read(recent, record -> session.equals(RingCentralCallMapper.text(record, "telephonySessionId")), calls, failed);
            boolean pageWasFull = recent.path("navigation").has("nextPage");
            pages.put(session, calls.isEmpty() && failed.isEmpty() && pageWasFull ? fetchCalls(List.of(session))
                    : new CallPage(calls, List.of(), failed, Optional.empty()));
        }
        return pages;
    }

    @Override
    public RecordingContent openRecording(SourceCall call) throws ConnectorException, InterruptedException {
        JsonNode record;
        try {
            record = json.readTree(call.rawMetadataJson());
        } catch (JacksonException unreadable) {
            throw new ConnectorException.UnexpectedResponse("call " + call.vendorCallId()
                    + " carries no RingCentral call log record to find its recording in", unreadable);
        }
        String recordingId = RingCentralCallMapper.recordingId(record).orElseThrow(() -> new ConnectorException.UnexpectedResponse(
                "RingCentral listed no recording for call " + call.vendorCallId(), null));
        return client.recordingContent(recordingId);
    }

    /** Maps the wanted records of a call-log answer; a record that cannot be read becomes a failed call. */
    private void read(JsonNode body, Predicate<JsonNode> wanted, List<SourceCall> calls, List<CallPage.FailedCall> failed) {
        for (JsonNode record : body.path("records")) {
            String id = RingCentralCallMapper.id(record);
            try {
                if (!wanted.test(record)) {
                    continue;
                }
                calls.add(mapper.map(record));
            } catch (IllegalArgumentException | DateTimeParseException unreadable) {
                failed.add(new CallPage.FailedCall(id == null || id.isBlank() ? "(no id)" : id,
                        "RingCentral's call log record could not be read: " + unreadable.getMessage()));
            }
        }
    }

    private static WebhookSubscription subscription(JsonNode info, String what) throws ConnectorException {
        String id = RingCentralCallMapper.text(info, "id");
        String expiration = RingCentralCallMapper.text(info, "expirationTime");
        if (id == null || id.isBlank() || expiration == null) {
            throw new ConnectorException.UnexpectedResponse(what + ": RingCentral's subscription has no id or expirationTime", null);
        }
        try {
            return new WebhookSubscription(id, OffsetDateTime.parse(expiration).toInstant());
        } catch (DateTimeParseException unreadable) {
            throw new ConnectorException.UnexpectedResponse(what + ": RingCentral's expirationTime '" + expiration
                    + "' is not an ISO-8601 time", unreadable);
        }
    }

    /**
     * What RingCentral's 400 to a new subscription means for whoever must act: its validation request to our
     * address failed (SUB-520/SUB-525, or an invalid deliveryMode.address), or the user has too many subscriptions.
     */
    private static ConnectorException refusedSubscription(URI address, JsonReply reply) {
        List<String> codes = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        List<String> parameters = new ArrayList<>();
        List<JsonNode> errors = new ArrayList<>();
        reply.body().path("errors").forEach(errors::add);
        errors.add(reply.body());
        for (JsonNode error : errors) {
            Optional.ofNullable(RingCentralCallMapper.text(error, "errorCode")).ifPresent(codes::add);
            Optional.ofNullable(RingCentralCallMapper.text(error, "message")).filter(m -> !messages.contains(m)).ifPresent(messages::add);
            Optional.ofNullable(RingCentralCallMapper.text(error, "parameterName")).ifPresent(parameters::add);
        }
        String said = messages.isEmpty() ? "" : " RingCentral said: " + String.join("; ", messages) + ".";
        // only the origin: the path of our address is the engine's to show, not ours
        String origin = address.getScheme() + "://" + address.getRawAuthority();
        if (codes.stream().anyMatch(code -> code.startsWith("SUB-52")) || parameters.contains("deliveryMode.address")) {
            return new ConnectorException.UnexpectedResponse("RingCentral could not reach our webhook address at " + origin
                    + " while creating the subscription, so RingCentral will not send notice of ended calls." + said
                    + " Check that callimport's public URL is reachable from the internet over HTTPS (TLS 1.2 or later, a "
                    + "certificate from a trusted authority) and answers RingCentral's validation request with 200 and the "
                    + "same Validation-Token header within 3 seconds; until then calls arrive by the scheduled sync.", null);
        }
        if (codes.contains("SUB-505")) {
            return new ConnectorException.UnexpectedResponse("RingCentral refused a new webhook subscription: the user who "
                    + "connected already has the 30 subscriptions RingCentral allows per user and app." + said + " Unused "
                    + "subscriptions lapse when they expire (within " + RingCentralWebhooks.LIFETIME.toDays() + " days); until "
                    + "then calls arrive by the scheduled sync.", null);
        }
        return new ConnectorException.UnexpectedResponse("POST " + RingCentralClient.SUBSCRIPTION_PATH
                + ": RingCentral refused the subscription (HTTP " + reply.status() + ")." + said, null);
    }

    private void unsubscribeQuietly(String subscriptionId) throws InterruptedException {
        try {
            unsubscribe(subscriptionId);
        } catch (ConnectorException notDeleted) {
            // left to lapse at its expirationTime: it delivers nothing, and a failed clean-up must not hide why we dropped it
        }
    }

    /**
     * The page after this one when RingCentral links one ({@code navigation.nextPage}), at the page size it
     * actually served; empty on the last page, and on an empty page so that a lying link cannot loop.
     */
    private static Optional<RingCentralCheckpoint> next(JsonNode body, RingCentralCheckpoint at) {
        boolean linked = body.path("navigation").path("nextPage").isObject();
        if (!linked || body.path("records").isEmpty()) {
            return Optional.empty();
        }
        int served = body.path("paging").path("perPage").asInt(at.perPage());
        return Optional.of(at.following(served < 1 || served > RingCentralClient.MAX_PAGE_SIZE ? at.perPage() : served));
    }

    private static DateWindow listed(DateWindow window) {
        return new DateWindow(window.from().minus(EDGE_MARGIN), window.to().plus(EDGE_MARGIN));
    }

    // a call at the window's end belongs to the next window, whatever RingCentral's reading of dateTo
    private static boolean inWindow(JsonNode record, DateWindow window) {
        try {
            Instant started = RingCentralCallMapper.startTime(record);
            return started == null || window.contains(started);
        } catch (DateTimeParseException unreadable) {
            // kept, so that the page reports it as failed and the count includes it
            return true;
        }
    }
}
