package com.callimport.connectors.zoomphone;

import com.callimport.connector.AccessCheck;
import com.callimport.connector.CallCount;
import com.callimport.connector.CallPage;
import com.callimport.connector.CallSource;
import com.callimport.connector.Checkpoint;
import com.callimport.connector.ConnectionContext;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.DateWindow;
import com.callimport.connector.RecordingContent;
import com.callimport.connector.Secret;
import com.callimport.connector.SourceCall;
import com.callimport.connector.TranscriptSegment;
import com.callimport.connector.WebhookSubscription;
import com.callimport.connectors.http.JsonReply;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One connection's Zoom Phone calls. Zoom lists call history a month at most per request and only for the last six
 * months, so a window is read in parts of {@link #PART} (each listed by whole days, with a day's margin either side, and
 * cut to the part by each entry's start time); a part's pages follow Zoom's page tokens, which die after 15 minutes, so
 * a position whose token is older than {@link #FRESH_TOKEN} re-reads the part from its start, skipping what it delivered.
 */
final class ZoomPhoneCallSource implements CallSource {
    /** A month's part of a window: 26 days, which listed with a day's margin either side still fits in February. */
    static final Duration PART = Duration.ofDays(26);
    /** ZP spec (call_history from/to): "the month defined should fall within the last six months". */
    static final Duration HISTORY_KEPT = Duration.ofDays(182);
    /** ZP spec: "The expiration period for this token is 15 minutes"; a minute's margin for the request in flight. */
    static final Duration FRESH_TOKEN = Duration.ofMinutes(14);

    private final ZoomPhoneClient client;
    private final ZoomPhoneCallMapper mapper;
    private final ConnectionContext context;
    private final JsonMapper json;
    // what a page's calls took one request each to learn, kept until the page is returned: the engine retries a page whose
    // request failed half-way, and the retry then picks up where the failure struck instead of meeting it again
    private final Map<String, Optional<ZoomPhoneCallMapper.Recording>> recordingsOfThePage = new HashMap<>();
    private final Map<String, List<TranscriptSegment>> transcriptsOfThePage = new HashMap<>();

    ZoomPhoneCallSource(ZoomPhoneClient client, ZoomPhoneCallMapper mapper, ConnectionContext context, JsonMapper json) {
        this.client = client;
        this.mapper = mapper;
        this.context = context;
        this.json = json;
    }

    @Override
    public AccessCheck verifyAccess() throws ConnectorException, InterruptedException {
        JsonNode user = client.currentUser();
        LocalDate today = ZoomPhoneClient.day(now());
        // one history request: the Phone scopes and the admin's Phone management role are only checked there
        JsonReply history = client.callHistory(today.minusDays(1), today, 1, Optional.empty());
        if (!history.isSuccess()) {
            throw new ConnectorException.UnexpectedResponse("GET " + ZoomPhoneClient.CALL_HISTORY_PATH
                    + ": Zoom refused to list yesterday's calls: " + history.body().path("message").asString("no reason given"), null);
        }
        List<String> limits = List.of(
                "Zoom keeps call history for the last six months: calls before " + ZoomPhoneClient.day(oldestListed())
                        + " cannot be imported from Zoom Phone, whatever window is asked for; they are neither counted nor priced.",
                "Zoom's transcripts come over where Zoom made one (the account's transcription setting); other recorded calls "
                        + "are transcribed by us.",
                "Zoom's rate limits belong to the whole Zoom account and are shared with its other apps (10 call-history "
                        + "requests a second and 30,000 a day on Business plans); we slow down when Zoom asks us to.");
        String who = ZoomPhoneCallMapper.text(user, "email");
        return new AccessCheck("Zoom account " + ZoomPhoneCallMapper.text(user, "account_id")
                + (who == null ? "" : ", authorized by " + who) + " at " + client.base(), limits);
    }

    @Override
    public CallCount countCalls(DateWindow window) throws ConnectorException, InterruptedException {
        // Zoom's total_records counts entries of whole days, not calls of the window: count the calls page by page
        Instant deadline = now().plus(COUNTING_BUDGET);
        Set<String> calls = new HashSet<>();
        long recorded = 0;
        ZoomPhoneCheckpoint at = ZoomPhoneCheckpoint.startOf(window.from());
        while (true) {
            Optional<DateWindow> part = part(window, at.partFrom());
            if (part.isEmpty()) {
                return new CallCount(calls.size(), true, List.of(), OptionalLong.of(recorded * 3));
            }
            JsonNode body = listed(part.get(), at.pageToken());
            for (List<JsonNode> entries : calls(entries(body), part.get()).values()) {
                if (calls.add(ZoomPhoneCallMapper.callId(entries.getFirst())) && ZoomPhoneCallMapper.recorded(entries)) {
                    recorded++;
                }
            }
            at = following(window, part.get(), at.partFrom(), at.delivered() + entries(body).size(), body);
            if (at == null) {
                return new CallCount(calls.size(), true, List.of(), OptionalLong.of(recorded * 3));
            }
            if (now().isAfter(deadline)) {
                return new CallCount(calls.size(), false);
            }
        }
    }

    @Override
    public CallPage fetchPage(DateWindow window, Checkpoint position) throws ConnectorException, InterruptedException {
        ZoomPhoneCheckpoint at = ZoomPhoneCheckpoint.read(position, window.from());
        Optional<DateWindow> part = part(window, at.partFrom());
        if (part.isEmpty()) {
            return CallPage.empty();
        }
        boolean fresh = at.tokenIssuedAt().map(issued -> Duration.between(issued, now()).compareTo(FRESH_TOKEN) < 0).orElse(false);
        Relisted page;
        if (at.pageToken().isEmpty() && at.delivered() == 0) {
            JsonNode body = listed(part.get(), Optional.empty());
            page = new Relisted(body, entries(body));
        } else {
            JsonReply reply = fresh ? client.callHistory(from(part.get()), to(part.get()), ZoomPhoneClient.MAX_PAGE_SIZE, at.pageToken()) : null;
            // a dead token (Zoom answers 400 once its 15 minutes are up) or one left too long: read the part again
            page = reply != null && reply.isSuccess() ? new Relisted(reply.body(), entries(reply.body())) : relist(part.get(), at.delivered());
        }
        List<JsonNode> entries = page.remaining();
        ZoomPhoneCheckpoint next = following(window, part.get(), at.partFrom(), at.delivered() + entries.size(), page.body());
        return read(calls(entries, part.get()), next == null ? Optional.empty() : Optional.of(next.write()));
    }

    @Override
    public RecordingContent openRecording(SourceCall call) throws ConnectorException, InterruptedException {
        String fileId;
        try {
            fileId = json.readTree(call.rawMetadataJson()).path("recording").path("file_id").asString(null);
        } catch (JacksonException unreadable) {
            throw new ConnectorException.UnexpectedResponse("call " + call.vendorCallId() + " carries no Zoom metadata to find its recording in",
                    unreadable);
        }
        if (fileId == null || fileId.isBlank()) {
            throw new ConnectorException.UnexpectedResponse("Zoom listed no recording for call " + call.vendorCallId(), null);
        }
        return client.recording(fileId);
    }

    /**
     * Nothing to create at Zoom: our app's event subscription, made once in its Marketplace registration, delivers every
     * authorizing account's events to one address. The engine keeps this connection's interest keyed by its Zoom account id.
     */
    @Override
    public WebhookSubscription subscribe(URI address, Secret verificationToken, Duration lifetime) throws ConnectorException, InterruptedException {
        return new WebhookSubscription(ZoomPhoneCallMapper.text(client.currentUser(), "account_id"), now().plus(lifetime));
    }

    /** Checks that the authorization still stands (it is what Zoom's deliveries depend on) and extends the interest. */
    @Override
    public Optional<WebhookSubscription> renew(String subscriptionId, Duration lifetime) throws ConnectorException, InterruptedException {
        String account = ZoomPhoneCallMapper.text(client.currentUser(), "account_id");
        return account.equals(subscriptionId) ? Optional.of(new WebhookSubscription(account, now().plus(lifetime))) : Optional.empty();
    }

    /** Nothing at Zoom to end: deliveries for the account are dropped by the engine once it forgets the interest. */
    @Override
    public void unsubscribe(String subscriptionId) {
    }

    @Override
    public CallPage fetchCalls(List<String> callKeys) throws ConnectorException, InterruptedException {
        return fetchCallsByKey(callKeys).values().stream().reduce(CallPage.empty(),
                (a, b) -> new CallPage(concat(a.calls(), b.calls()), List.of(), concat(a.failed(), b.failed()), Optional.empty()));
    }

    /** Every key in one Heavy request: Zoom's call history filters by several call ids at once among the last two days. */
    @Override
    public Map<String, CallPage> fetchCallsByKey(Collection<String> callKeys) throws ConnectorException, InterruptedException {
        Set<String> keys = new LinkedHashSet<>();
        callKeys.stream().filter(key -> key != null && !key.isBlank()).forEach(keys::add);
        Map<String, CallPage> pages = new LinkedHashMap<>();
        if (keys.isEmpty()) {
            return pages;
        }
        JsonReply reply = client.callHistoryOf(keys, ZoomPhoneClient.day(now()));
        if (!reply.isSuccess()) {
            throw new ConnectorException.UnexpectedResponse("GET " + ZoomPhoneClient.CALL_HISTORY_PATH + ": Zoom refused the call ids "
                    + "of a notification: " + reply.body().path("message").asString("no reason given"), null);
        }
        Map<String, List<JsonNode>> found = calls(entries(reply.body()), null);
        for (String key : keys) {
            List<JsonNode> entries = found.get(key);
            pages.put(key, entries == null ? CallPage.empty() : read(Map.of(key, entries), Optional.empty()));
        }
        return pages;
    }

    private record Relisted(JsonNode body, List<JsonNode> remaining) {
    }

    /** Lists a part again from its start and returns the page holding the first entry not yet delivered. */
    private Relisted relist(DateWindow part, long delivered) throws ConnectorException, InterruptedException {
        long passed = 0;
        Optional<String> token = Optional.empty();
        while (true) {
            JsonNode body = listed(part, token);
            List<JsonNode> entries = entries(body);
            if (passed + entries.size() > delivered) {
                return new Relisted(body, entries.subList((int) (delivered - passed), entries.size()));
            }
            passed += entries.size();
            token = nextToken(body);
            if (token.isEmpty()) {
                // the part now holds fewer entries than were delivered: nothing is left after them
                return new Relisted(body, List.of());
            }
        }
    }

    private JsonNode listed(DateWindow part, Optional<String> token) throws ConnectorException, InterruptedException {
        JsonReply reply = client.callHistory(from(part), to(part), ZoomPhoneClient.MAX_PAGE_SIZE, token);
        if (!reply.isSuccess()) {
            throw new ConnectorException.UnexpectedResponse("GET " + ZoomPhoneClient.CALL_HISTORY_PATH + ": Zoom refused to list "
                    + from(part) + " to " + to(part) + ": " + reply.body().path("message").asString("no reason given"), null);
        }
        return reply.body();
    }

    /** The position after a page of a part: the part's next page, else the next part's start, else none (null). */
    private ZoomPhoneCheckpoint following(DateWindow window, DateWindow part, Instant partFrom, long delivered, JsonNode body) {
        Optional<String> token = nextToken(body);
        if (token.isPresent() && !entries(body).isEmpty()) {
            return new ZoomPhoneCheckpoint(partFrom, delivered, token, Optional.of(now()));
        }
        return part.to().isBefore(window.to()) ? ZoomPhoneCheckpoint.startOf(part.to()) : null;
    }

    /** The part of the window that starts at {@code partFrom}, cut to what Zoom still keeps; empty past the window's end. */
    private Optional<DateWindow> part(DateWindow window, Instant partFrom) {
        Instant from = partFrom.isBefore(oldestListed()) ? oldestListed() : partFrom;
        Instant to = partFrom.plus(PART).isBefore(window.to()) ? partFrom.plus(PART) : window.to();
        if (!from.isBefore(to)) {
            // wholly older than Zoom keeps: skipped without a request, the next part may still be within reach
            return to.isBefore(window.to()) ? part(window, to) : Optional.empty();
        }
        return Optional.of(new DateWindow(from, to));
    }

    /** The call history entries of a page, grouped by call and kept when the call started in {@code part} (null: all). */
    private static Map<String, List<JsonNode>> calls(List<JsonNode> entries, DateWindow part) {
        Map<String, List<JsonNode>> calls = new LinkedHashMap<>();
        for (JsonNode entry : entries) {
            String id = ZoomPhoneCallMapper.callId(entry);
            calls.computeIfAbsent(id == null ? "" : id, key -> new ArrayList<>()).add(entry);
        }
        if (part != null) {
            calls.values().removeIf(group -> {
                try {
                    Instant started = group.stream().map(ZoomPhoneCallMapper::startTime).filter(java.util.Objects::nonNull)
                            .min(Instant::compareTo).orElse(null);
                    return started != null && !part.contains(started);
                } catch (DateTimeParseException unreadable) {
                    // kept, so that the page reports it as failed and the count includes it
                    return false;
                }
            });
        }
        return calls;
    }

    private CallPage read(Map<String, List<JsonNode>> calls, Optional<Checkpoint> next) throws ConnectorException, InterruptedException {
        List<SourceCall> mapped = new ArrayList<>();
        List<CallPage.FailedCall> failed = new ArrayList<>();
        for (Map.Entry<String, List<JsonNode>> call : calls.entrySet()) {
            if (call.getKey().isEmpty()) {
                failed.add(new CallPage.FailedCall("(no id)", "Zoom listed a call history entry without call_id or call_history_uuid"));
                continue;
            }
            try {
                Optional<ZoomPhoneCallMapper.Recording> recording = recordingsOfThePage.get(call.getKey());
                if (recording == null) {
                    recording = ZoomPhoneCallMapper.recorded(call.getValue()) ? client.recordingOf(call.getKey()) : Optional.empty();
                    recordingsOfThePage.put(call.getKey(), recording);
                }
                List<TranscriptSegment> transcript = transcriptsOfThePage.get(call.getKey());
                if (transcript == null) {
                    transcript = recording.isPresent()
                            ? client.transcript(recording.get().id()).map(ZoomPhoneCallMapper::transcript).orElse(List.of()) : List.of();
                    transcriptsOfThePage.put(call.getKey(), transcript);
                }
                mapped.add(mapper.map(call.getValue(), recording, transcript));
            } catch (IllegalArgumentException | DateTimeParseException unreadable) {
                failed.add(new CallPage.FailedCall(call.getKey(), "Zoom's call history for the call could not be read: "
                        + unreadable.getMessage()));
            }
        }
        recordingsOfThePage.clear();
        transcriptsOfThePage.clear();
        return new CallPage(mapped, List.of(), failed, next);
    }

    private static List<JsonNode> entries(JsonNode body) {
        List<JsonNode> entries = new ArrayList<>();
        body.path("call_history").forEach(entries::add);
        return entries;
    }

    private static Optional<String> nextToken(JsonNode body) {
        String token = ZoomPhoneCallMapper.text(body, "next_page_token");
        return token == null || token.isBlank() ? Optional.empty() : Optional.of(token);
    }

    // listed by whole days a day wider either side: Zoom's day boundaries are not documented as UTC
    private static LocalDate from(DateWindow part) {
        return ZoomPhoneClient.day(part.from()).minusDays(1);
    }

    private static LocalDate to(DateWindow part) {
        return ZoomPhoneClient.day(part.to()).plusDays(1);
    }

    private Instant oldestListed() {
        return ZoomPhoneClient.day(now().minus(HISTORY_KEPT)).plusDays(2).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    }

    private Instant now() {
        return context.clock().instant();
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
