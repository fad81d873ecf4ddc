package com.callimport.connectors.gong;

import com.callimport.connector.AccessCheck;
import com.callimport.connector.CallCount;
import com.callimport.connector.CallPage;
import com.callimport.connector.CallSource;
import com.callimport.connector.Checkpoint;
import com.callimport.connector.ConnectionContext;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.DateWindow;
import com.callimport.connector.RecordingContent;
import com.callimport.connector.SourceCall;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One connection's Gong calls: a page is one {@code /v2/calls/extensive} request plus one transcript
 * batch for its eligible calls. Remembers the signed media addresses of the page it fetched last so
 * that downloading its recordings costs no further Gong request while the addresses are fresh.
 * {@link #openRecording} is safe to call from several threads at once; the other methods are not.
 */
final class GongCallSource implements CallSource {
    static final String PRIVATE_REASON =
            "private in Gong; turn on the connection's 'Include private calls' setting to import private calls";

    private final GongClient client;
    private final GongCallMapper mapper;
    private final ConnectionContext context;
    private final boolean includePrivateCalls;
    // Gong Engage: only Gong's dialer calls, at least the dialer's minimum length
    private final Optional<Duration> dialerCallsFrom;
    // replaced whole per page; read by the engine's parallel recording downloads
    private volatile Map<String, GongMediaLink> mediaLinks = Map.of();

    GongCallSource(GongClient client, GongCallMapper mapper, ConnectionContext context) {
        this(client, mapper, context, Optional.empty());
    }

    /** @param dialerCallsFrom for Gong Engage: only dialer calls are imported, and only those at least this long */
    GongCallSource(GongClient client, GongCallMapper mapper, ConnectionContext context, Optional<Duration> dialerCallsFrom) {
        this.client = client;
        this.mapper = mapper;
        this.context = context;
        this.includePrivateCalls = context.flag(GongConnector.INCLUDE_PRIVATE_CALLS);
        this.dialerCallsFrom = dialerCallsFrom;
    }

    static final String NOT_DIALER_REASON = "not a Gong Engage dialer call (a meeting or another telephony system's call); "
            + "a Gong connection imports those";
    static final String NOT_DIALER_EXCLUSION = "calls not placed by Gong's dialer — a Gong Engage connection imports dialer calls only "
            + "(connect Gong itself for the others)";

    private static String tooShort(Duration minimum) {
        return "shorter than " + minimum.toSeconds() + " s, Gong's minimum length for dialer calls";
    }

    /** Why a Gong Engage connection leaves a call out, or empty when it imports it; {@code metaData} as either listing has it. */
    private Optional<String> notADialerCall(JsonNode metaData) {
        if (dialerCallsFrom.isEmpty()) {
            return Optional.empty();
        }
        if (!GongCallMapper.isDialerCall(metaData)) {
            return Optional.of(NOT_DIALER_REASON);
        }
        if (metaData.path("duration").asLong(0) < dialerCallsFrom.get().toSeconds()) {
            return Optional.of(tooShort(dialerCallsFrom.get()));
        }
        return Optional.empty();
    }

    @Override
    public AccessCheck verifyAccess() throws ConnectorException, InterruptedException {
        Instant now = context.clock().instant();
        client.checkAccess(new DateWindow(now.minus(Duration.ofDays(1)), now));
        List<String> limits = new ArrayList<>();
        if (!includePrivateCalls) {
            limits.add("Calls marked private in Gong are skipped unless 'Include private calls' is turned on.");
        }
        limits.add("Gong allows 3 API requests per second and 10,000 per day for the whole company; "
                + "other tools using the same Gong account share that budget.");
        return new AccessCheck("Gong company at " + client.base(), limits);
    }

    static final String PRIVATE_EXCLUSION = "private calls — excluded by your setting includePrivateCalls=false "
            + "(turn on 'Include private calls' to import them)";

    @Override
    public CallCount countCalls(DateWindow window) throws ConnectorException, InterruptedException {
        if (includePrivateCalls && dialerCallsFrom.isEmpty()) {
            return new CallCount(client.countCalls(window), true);
        }
        Map<String, Long> excludedBy = new java.util.LinkedHashMap<>();
        // Gong's total does not say which calls are private: page the basic listing, which does
        Instant deadline = context.clock().instant().plus(COUNTING_BUDGET);
        long calls = 0;
        long privateCalls = 0;
        String cursor = null;
        do {
            Optional<JsonNode> page = client.listBasic(window, cursor);
            if (page.isEmpty()) {
                break;
            }
            calls = Math.max(calls, page.get().path("records").path("totalRecords").asLong(0));
            for (JsonNode call : page.get().path("calls")) {
                // GET /v2/calls lists CallBasicData itself, not wrapped in metaData as the extensive listing does
                Optional<String> notDialer = notADialerCall(call);
                if (notDialer.isPresent()) {
                    excludedBy.merge(notDialer.get().equals(NOT_DIALER_REASON) ? NOT_DIALER_EXCLUSION : notDialer.get(), 1L, Long::sum);
                } else if (!includePrivateCalls && call.path("isPrivate").asBoolean(false)) {
                    privateCalls++;
                }
            }
            cursor = GongCallMapper.text(page.get().path("records"), "cursor");
            if (cursor != null && context.clock().instant().isAfter(deadline)) {
                // the total is Gong's, but the private share of the pages not read is unknown
                return new CallCount(calls, false, exclusions(privateCalls, excludedBy));
            }
        } while (cursor != null);
        return new CallCount(calls, true, exclusions(privateCalls, excludedBy));
    }

    private static List<CallCount.Exclusion> exclusions(long privateCalls, Map<String, Long> excludedBy) {
        List<CallCount.Exclusion> exclusions = new ArrayList<>();
        excludedBy.forEach((reason, calls) -> exclusions.add(new CallCount.Exclusion(calls, reason)));
        if (privateCalls > 0) {
            exclusions.add(new CallCount.Exclusion(privateCalls, PRIVATE_EXCLUSION));
        }
        return exclusions;
    }

    @Override
    public CallPage fetchPage(DateWindow window, Checkpoint position) throws ConnectorException, InterruptedException {
        GongCheckpoint at = GongCheckpoint.read(position);
        GongClient.Listing listing = client.listCalls(window, at.cursor());
        if (listing instanceof GongClient.Listing.CursorExpired) {
            listing = relist(window, at.pagesDelivered());
        }
        if (!(listing instanceof GongClient.Listing.Page(JsonNode body))) {
            mediaLinks = Map.of();
            return CallPage.empty();
        }
        String nextCursor = GongCallMapper.text(body.path("records"), "cursor");
        Optional<Checkpoint> next = nextCursor == null || nextCursor.isEmpty()
                ? Optional.empty() : Optional.of(at.following(nextCursor).write());
        return read(body.path("calls"), next);
    }

    /**
     * Gong expires cursors: list the window again from the start and skip the pages already delivered,
     * so that the page returned is the one the expired cursor pointed at.
     */
    private GongClient.Listing relist(DateWindow window, int pagesDelivered) throws ConnectorException, InterruptedException {
        String cursor = null;
        for (int page = 0; page < pagesDelivered; page++) {
            GongClient.Listing listing = client.listCalls(window, cursor);
            if (!(listing instanceof GongClient.Listing.Page(JsonNode body))) {
                return new GongClient.Listing.NoCalls();
            }
            cursor = GongCallMapper.text(body.path("records"), "cursor");
            if (cursor == null) {
                // the window now has fewer pages than were delivered: nothing is left after them
                return new GongClient.Listing.NoCalls();
            }
        }
        GongClient.Listing listing = client.listCalls(window, cursor);
        if (listing instanceof GongClient.Listing.CursorExpired) {
            throw new ConnectorException.TemporarilyUnavailable(
                    "Gong expired a cursor it had just issued while re-listing after an expired cursor", null);
        }
        return listing;
    }

    private CallPage read(JsonNode calls, Optional<Checkpoint> next) throws ConnectorException, InterruptedException {
        List<CallPage.SkippedCall> skipped = new ArrayList<>();
        List<CallPage.FailedCall> failed = new ArrayList<>();
        List<JsonNode> eligible = new ArrayList<>();
        for (JsonNode call : calls) {
            String id = GongCallMapper.callId(call);
            if (id == null || id.isBlank()) {
                failed.add(new CallPage.FailedCall("(no id)", "Gong listed a call without an id"));
            } else if (notADialerCall(call.path("metaData")).isPresent()) {
                skipped.add(new CallPage.SkippedCall(id, notADialerCall(call.path("metaData")).get()));
            } else if (GongCallMapper.isPrivate(call) && !includePrivateCalls) {
                // decided before fetching transcripts, so private content is never even read
                skipped.add(new CallPage.SkippedCall(id, PRIVATE_REASON));
            } else {
                eligible.add(call);
            }
        }
        Map<String, JsonNode> transcripts = eligible.isEmpty()
                ? Map.of() : client.transcripts(eligible.stream().map(GongCallMapper::callId).toList());
        Instant seenAt = context.clock().instant();
        Map<String, GongMediaLink> links = new HashMap<>();
        List<SourceCall> mapped = new ArrayList<>();
        for (JsonNode call : eligible) {
            String id = GongCallMapper.callId(call);
            try {
                mapped.add(mapper.map(call, transcripts.get(id)));
                GongCallMapper.mediaLink(call, seenAt).ifPresent(link -> links.put(id, link));
            } catch (IllegalArgumentException | DateTimeParseException unreadable) {
                failed.add(new CallPage.FailedCall(id, "Gong's data for the call could not be read: " + unreadable.getMessage()));
            }
        }
        mediaLinks = Map.copyOf(links);
        return new CallPage(mapped, skipped, failed, next);
    }

    @Override
    public RecordingContent openRecording(SourceCall call) throws ConnectorException, InterruptedException {
        String id = call.vendorCallId();
        GongMediaLink seen = mediaLinks.get(id);
        if (seen != null && seen.isFreshAt(context.clock().instant())) {
            Optional<RecordingContent> content = client.download(seen);
            if (content.isPresent()) {
                return content.get();
            }
            // storage refused the signature early: fall through to a freshly signed address
        }
        GongMediaLink fresh = client.mediaLink(id).orElseThrow(() -> new ConnectorException.UnexpectedResponse(
                "Gong lists no recording for call " + id + " any more", null));
        return client.download(fresh).orElseThrow(() -> new ConnectorException.UnexpectedResponse(
                "storage refused the media address Gong had just signed for call " + id, null));
    }
}
