package com.callimport.connectors.fathom;

import com.callimport.connector.AccessCheck;
import com.callimport.connector.CallCount;
import com.callimport.connector.CallPage;
import com.callimport.connector.CallSource;
import com.callimport.connector.Checkpoint;
import com.callimport.connector.ConnectionContext;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.DateWindow;
import com.callimport.connector.RecordingContent;
import com.callimport.connector.RecordingDescriptor;
import com.callimport.connector.SourceCall;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One connection's Fathom meetings. A page is one {@code GET /meetings?include_transcript=true} plus,
 * for each meeting in the window, one {@code POST /recordings/{id}/download}: Fathom's listing does not
 * say whether a meeting has media, the download request does (422 when there is none), and asking
 * while listing gives Fathom time to prepare the media before the engine downloads it.
 *
 * <p>The downloads asked for are remembered by this source (never returned as data: their addresses
 * are signed), so that {@link #openRecording} usually needs no Fathom request at all, and a page
 * fetched again after a 429 does not ask twice. A download still processing when the engine wants it
 * is reported as {@link ConnectorException.TemporarilyUnavailable}: the engine's backoff is the wait,
 * and the next attempt asks Fathom for the download's state instead of requesting another.
 *
 * <p>Fathom filters the listing on {@code created_at}, not on when the meeting took place, so the
 * connector lists a little wider than the window ({@link #LISTING_LEAD}, {@link #LISTING_LAG}) and
 * keeps only meetings that started in it; the others belong to the neighbouring window.
 * {@link #openRecording} is safe to call from several threads at once; the other methods are not.
 */
final class FathomCallSource implements CallSource {
    /** How long before a meeting's start Fathom might have created it (UNCONFIRMED; created_at follows the recording). */
    static final Duration LISTING_LEAD = Duration.ofHours(1);
    /**
     * How long after its start Fathom may create a meeting: its length plus processing, which Fathom does not bound
     * (UNCONFIRMED); generous, because a meeting created later than this is missed by both adjacent windows, while
     * listing further costs only a few pages of meetings that are then left out.
     */
    static final Duration LISTING_LAG = Duration.ofDays(3);
    /** At most this many listing pages are counted; beyond them the count is a lower bound. */
    static final int MAX_COUNTED_PAGES = 25;

    private final FathomClient client;
    private final FathomCallMapper mapper;
    private final ConnectionContext context;
    private final Map<String, FathomDownload> downloads = new ConcurrentHashMap<>();
    private final Set<String> withoutMedia = ConcurrentHashMap.newKeySet();

    FathomCallSource(FathomClient client, FathomCallMapper mapper, ConnectionContext context) {
        this.client = client;
        this.mapper = mapper;
        this.context = context;
    }

    @Override
    public AccessCheck verifyAccess() throws ConnectorException, InterruptedException {
        Instant now = context.clock().instant();
        client.listMeetings(now.minus(Duration.ofDays(1)), now, null, false);
        return new AccessCheck("Fathom account of the API key's user", List.of(
                "A Fathom API key sees only the meetings its owner recorded or that were shared with them or their team; "
                        + "even an administrator's key does not see other users' unshared meetings. To import a whole company, "
                        + "connect each user's key, or share their meetings with a team first.",
                "Fathom allows 60 API requests per minute per account, and the import spends about one request per meeting "
                        + "(to obtain its recording), so it moves at about 60 meetings a minute.",
                "Recordings of meetings shared with limited access, and meetings without media, come over without a recording."));
    }

    @Override
    public CallCount countCalls(DateWindow window) throws ConnectorException, InterruptedException {
        long calls = 0;
        String cursor = null;
        for (int page = 0; page < MAX_COUNTED_PAGES; page++) {
            // without transcripts: Fathom has no total, and counting must stay a light listing
            JsonNode body = client.listMeetings(listedFrom(window), listedTo(window), cursor, false);
            for (JsonNode meeting : body.path("items")) {
                if (startsIn(meeting, window)) {
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
        FathomCheckpoint at = FathomCheckpoint.read(position);
        JsonNode body = client.listMeetings(listedFrom(window), listedTo(window), at.cursor(), true);
        String cursor = nextCursor(body);
        Optional<Checkpoint> next = cursor == null ? Optional.empty() : Optional.of(new FathomCheckpoint(cursor).write());

        List<SourceCall> calls = new ArrayList<>();
        List<CallPage.FailedCall> failed = new ArrayList<>();
        for (JsonNode meeting : body.path("items")) {
            String id = FathomCallMapper.recordingId(meeting);
            Instant started;
            try {
                started = FathomCallMapper.startedAt(meeting);
            } catch (DateTimeParseException unreadable) {
                started = null;
            }
            if (id == null || id.isBlank()) {
                failed.add(new CallPage.FailedCall("(no recording_id)", "Fathom listed a meeting without a recording_id"));
                continue;
            }
            if (started != null && !window.contains(started)) {
                continue; // listed because of when Fathom created it; it belongs to another window
            }
            SourceCall mapped;
            try {
                mapped = mapper.map(meeting, Optional.empty());
            } catch (IllegalArgumentException | DateTimeParseException unreadable) {
                failed.add(new CallPage.FailedCall(id, "Fathom's data for the meeting could not be read: " + unreadable.getMessage()));
                continue;
            }
            // asked only for a meeting that will be imported, so an unreadable one costs no request
            Optional<RecordingDescriptor> recording = recording(id);
            calls.add(recording.isEmpty() ? mapped : new SourceCall(mapped.vendorCallId(), mapped.title(), mapped.startedAt(),
                    mapped.duration(), mapped.direction(), mapped.participants(), mapped.transcript(), recording,
                    mapped.rawMetadataJson()));
        }
        return new CallPage(calls, List.of(), failed, next);
    }

    /** Whether the meeting has media to download, asking Fathom to prepare it unless this source already did. */
    private Optional<RecordingDescriptor> recording(String id) throws ConnectorException, InterruptedException {
        if (withoutMedia.contains(id)) {
            return Optional.empty();
        }
        FathomDownload known = downloads.get(id);
        if (known == null || known.isSpentAt(context.clock().instant())) {
            Optional<FathomDownload> requested = client.requestDownload(id);
            if (requested.isEmpty()) {
                withoutMedia.add(id);
                return Optional.empty();
            }
            known = requested.get();
            downloads.put(id, known);
        }
        return Optional.of(new RecordingDescriptor(known.media().map(FathomMediaLink::mediaType).orElse(FathomCallMapper.AUDIO_TYPE)));
    }

    @Override
    public RecordingContent openRecording(SourceCall call) throws ConnectorException, InterruptedException {
        String id = call.vendorCallId();
        // two rounds: a cached address that storage refuses (expired early) earns one fresh download request
        for (int round = 0; round < 2; round++) {
            FathomDownload download = downloads.get(id);
            Instant now = context.clock().instant();
            if (download == null || download.isSpentAt(now)) {
                download = client.requestDownload(id).orElseThrow(() -> new ConnectorException.UnexpectedResponse(
                        "Fathom has no downloadable media for meeting " + id + " (any more)", null));
            } else if (download.media().isEmpty()) {
                String downloadId = download.downloadId();
                Optional<FathomDownload> state = client.downloadStatus(id, downloadId);
                if (state.isEmpty()) {
                    downloads.remove(id);
                    continue;
                }
                download = state.get();
            }
            downloads.put(id, download);
            switch (download.status()) {
                case FAILED -> {
                    downloads.remove(id);
                    throw new ConnectorException.TemporarilyUnavailable("Fathom could not prepare the recording of meeting " + id
                            + " (" + download.failureReason() + "); the next attempt asks for a new download", null);
                }
                case EXPIRED -> {
                    downloads.remove(id);
                    continue;
                }
                case PROCESSING, COMPLETED -> {
                }
            }
            if (download.media().isEmpty()) {
                if (download.status() == FathomDownload.Status.COMPLETED) {
                    downloads.remove(id);
                    throw new ConnectorException.UnexpectedResponse(
                            "Fathom reports the download of meeting " + id + " completed without an audio or video address", null);
                }
                throw new ConnectorException.TemporarilyUnavailable("Fathom is still preparing the recording of meeting " + id
                        + "; it will be downloaded on a later attempt", null);
            }
            Optional<RecordingContent> content = client.open(download.media().get());
            if (content.isPresent()) {
                return content.get();
            }
            // storage refused the signature: the address expired before Fathom said it would
            downloads.remove(id);
        }
        throw new ConnectorException.TemporarilyUnavailable(
                "storage refused the media addresses Fathom issued for meeting " + id + " twice in a row", null);
    }

    private static boolean startsIn(JsonNode meeting, DateWindow window) {
        try {
            Instant started = FathomCallMapper.startedAt(meeting);
            return started != null && window.contains(started);
        } catch (DateTimeParseException unreadable) {
            return false;
        }
    }

    private static Instant listedFrom(DateWindow window) {
        return window.from().minus(LISTING_LEAD);
    }

    private static Instant listedTo(DateWindow window) {
        return window.to().plus(LISTING_LAG);
    }

    private static String nextCursor(JsonNode body) {
        String cursor = FathomCallMapper.text(body, "next_cursor");
        return cursor == null || cursor.isEmpty() ? null : cursor;
    }
}
