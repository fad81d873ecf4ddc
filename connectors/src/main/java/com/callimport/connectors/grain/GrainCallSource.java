package com.callimport.connectors.grain;

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
import com.callimport.connectors.http.MediaReply;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One connection's Grain recordings. A page is one {@code POST /recordings} with participants plus one
 * {@code GET /recordings/{id}/transcript} per recording (Grain has no batch transcript endpoint and no
 * flag saying whether a transcript is ready). Transcripts read for a page are kept until the page is
 * returned, so a page fetched again after a 429 asks only for the ones it lacks. Recordings are
 * downloaded just in time through {@code GET /recordings/{id}/download}.
 *
 * <p>Only recordings whose {@code start_datetime} lies in the window are returned, whatever Grain's
 * filter did (its docs describe after/before transposed). {@link #openRecording} is safe to call from
 * several threads at once; the other methods are not.
 */
final class GrainCallSource implements CallSource {
    /** At most this many listing pages are counted; beyond them the count is a lower bound. */
    static final int MAX_COUNTED_PAGES = 25;
    /**
     * How much wider than the window Grain is asked: its docs do not say whether after_datetime and before_datetime
     * include their instant, so a recording at a window's edge is asked for on both sides and kept on one, by
     * {@link DateWindow#contains}.
     */
    static final Duration EDGE_MARGIN = Duration.ofMinutes(1);

    private final GrainClient client;
    private final GrainCallMapper mapper;
    private final ConnectionContext context;
    private final Map<String, Optional<JsonNode>> transcriptsOfThePage = new HashMap<>();

    GrainCallSource(GrainClient client, GrainCallMapper mapper, ConnectionContext context) {
        this.client = client;
        this.mapper = mapper;
        this.context = context;
    }

    @Override
    public AccessCheck verifyAccess() throws ConnectorException, InterruptedException {
        Instant now = context.clock().instant();
        client.listRecordings(new DateWindow(now.minus(Duration.ofDays(1)), now), null, false);
        String token = context.credentials().require(GrainConnector.ACCESS_TOKEN).reveal();
        List<String> limits = new ArrayList<>();
        // UNCONFIRMED: Grain's tokens observed in public clients start grain_pat_ (personal) and grain_wat_ (workspace)
        if (token.startsWith("grain_wat_")) {
            limits.add("A workspace access token sees every recording in the Grain workspace.");
        } else {
            limits.add("A personal access token sees only the recordings its user can see in Grain; to import the whole "
                    + "workspace, a workspace admin on the Business or Enterprise plan creates a workspace access token.");
        }
        limits.add("Grain allows 300 API requests per minute, and the import spends about two per recording "
                + "(its transcript and its media), so it moves at about 150 recordings a minute.");
        limits.add("Transcript-only recordings (no audio or video kept in Grain) come over without a recording.");
        return new AccessCheck(token.startsWith("grain_wat_") ? "Grain workspace of the workspace access token"
                : "Grain user of the access token", limits);
    }

    @Override
    public CallCount countCalls(DateWindow window) throws ConnectorException, InterruptedException {
        long calls = 0;
        String cursor = null;
        for (int page = 0; page < MAX_COUNTED_PAGES; page++) {
            JsonNode body = client.listRecordings(listed(window), cursor, false);
            for (JsonNode recording : body.path("recordings")) {
                if (startsIn(recording, window)) {
                    calls++;
                }
            }
            cursor = nextCursor(body);
            if (cursor == null) {
                return new CallCount(calls, true);
            }
        }
        return new CallCount(calls, false);
    }

    @Override
    public CallPage fetchPage(DateWindow window, Checkpoint position) throws ConnectorException, InterruptedException {
        GrainCheckpoint at = GrainCheckpoint.read(position);
        JsonNode body = client.listRecordings(listed(window), at.cursor(), true);
        String cursor = nextCursor(body);
        Optional<Checkpoint> next = cursor == null ? Optional.empty() : Optional.of(new GrainCheckpoint(cursor).write());

        List<SourceCall> calls = new ArrayList<>();
        List<CallPage.FailedCall> failed = new ArrayList<>();
        for (JsonNode recording : body.path("recordings")) {
            String id = GrainCallMapper.text(recording, "id");
            if (id == null || id.isBlank()) {
                failed.add(new CallPage.FailedCall("(no id)", "Grain listed a recording without an id"));
                continue;
            }
            Instant started;
            try {
                started = GrainCallMapper.startedAt(recording);
            } catch (DateTimeParseException unreadable) {
                started = null;
            }
            if (started != null && !window.contains(started)) {
                continue; // outside the window, whatever Grain's filter meant; it belongs to another window
            }
            try {
                mapper.map(recording, null);
            } catch (IllegalArgumentException | DateTimeParseException unreadable) {
                failed.add(new CallPage.FailedCall(id, "Grain's data for the recording could not be read: " + unreadable.getMessage()));
                continue;
            }
            Optional<JsonNode> transcript = transcriptsOfThePage.get(id);
            if (transcript == null) {
                transcript = client.transcript(id);
                transcriptsOfThePage.put(id, transcript);
            }
            try {
                calls.add(mapper.map(recording, transcript.orElse(null)));
            } catch (IllegalArgumentException unreadable) {
                failed.add(new CallPage.FailedCall(id, "Grain's transcript of the recording could not be read: " + unreadable.getMessage()));
            }
        }
        transcriptsOfThePage.clear();
        return new CallPage(calls, List.of(), failed, next);
    }

    @Override
    public RecordingContent openRecording(SourceCall call) throws ConnectorException, InterruptedException {
        String id = call.vendorCallId();
        String mediaType = call.recording().map(descriptor -> descriptor.mediaType()).orElse(GrainCallMapper.VIDEO_TYPE);
        // two rounds: a storage address that expired before it was used earns one fresh request
        for (int round = 0; round < 2; round++) {
            MediaReply reply = client.requestMedia(id, mediaType);
            switch (reply) {
                case MediaReply.Streaming(RecordingContent content) -> {
                    return content;
                }
                case MediaReply.Refused refused -> throw new ConnectorException.UnexpectedResponse(
                        "Grain has no downloadable media for recording " + id + " (HTTP " + refused.status() + ")", null);
                case MediaReply.Redirected(URI location) -> {
                    Optional<RecordingContent> content = client.openStorage(location, mediaType);
                    if (content.isPresent()) {
                        return content.get();
                    }
                }
            }
        }
        throw new ConnectorException.TemporarilyUnavailable(
                "storage refused the media addresses Grain issued for recording " + id + " twice in a row", null);
    }

    private static boolean startsIn(JsonNode recording, DateWindow window) {
        try {
            Instant started = GrainCallMapper.startedAt(recording);
            return started != null && window.contains(started);
        } catch (DateTimeParseException unreadable) {
            return false;
        }
    }

    private static DateWindow listed(DateWindow window) {
        return new DateWindow(window.from().minus(EDGE_MARGIN), window.to().plus(EDGE_MARGIN));
    }

    private static String nextCursor(JsonNode body) {
        String cursor = GrainCallMapper.text(body, "cursor");
        return cursor == null || cursor.isEmpty() ? null : cursor;
    }
}
