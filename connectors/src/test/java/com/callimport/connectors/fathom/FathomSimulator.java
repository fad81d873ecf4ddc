package com.callimport.connectors.fathom;

import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connector.testkit.RecordedExchange;
import com.callimport.connector.testkit.ScriptedMeeting;
import com.callimport.connector.testkit.SeededCall;
import com.callimport.connector.testkit.VendorSimulator;
import com.callimport.connector.testkit.WindowBounds;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-memory Fathom External API on loopback, as much of it as the connector uses:
 * {@code GET /external/v1/meetings} (filtered on {@code created_at}, newest first, {@code next_cursor}
 * paging, transcripts only with {@code include_transcript=true}), the asynchronous download API
 * ({@code POST /recordings/{id}/download}, {@code GET /recordings/{id}/downloads/{download_id}}, 422 when
 * a meeting has no media), and a storage path {@code /media/{download_id}/{audio|video}.{ext}?expires=…&sig=…}
 * standing in for Fathom's signed media URLs (valid 24 hours, 403 once expired).
 *
 * <p>Meetings are seeded deterministically; invitees, transcripts and recording bytes are derived from
 * a per-meeting seed when served. A thread-safe fault script serves the tests: refused keys, 429s with
 * Fathom's {@code RateLimit-*} headers (with or without {@code Retry-After}), 5xx, JSON answers cut short,
 * truncated recordings, downloads that stay {@code processing}, expired media links, and Fathom's
 * documented limit of 60 requests per 60 s in every rolling window on the simulator's clock. Fathom has no
 * private meetings (visibility is per API key), so no seeded call is private. Nothing here sleeps.
 */
public final class FathomSimulator implements VendorSimulator {
    public static final String API_KEY = "sim-fathom-api-key";
    public static final String API_PATH = "/external/v1";
    /** Fathom's page size is not a parameter; its docs' example shows pages of 10. */
    public static final int DEFAULT_PAGE_SIZE = 10;
    public static final int DEFAULT_RECORDING_BYTES = 32 * 1024;
    static final Duration MEDIA_URL_VALIDITY = Duration.ofHours(24);
    static final String AUDIO_TYPE = "audio/mpeg";
    static final String VIDEO_TYPE = "video/mp4";

    private static final Pattern REQUEST_DOWNLOAD = Pattern.compile("/recordings/(\\d+)/download");
    private static final Pattern DOWNLOAD_STATUS = Pattern.compile("/recordings/(\\d+)/downloads/([A-Za-z0-9_]+)");
    private static final String[] FIRST_NAMES = {"Avery", "Blake", "Casey", "Devon", "Emery", "Finley", "Harper", "Jordan"};
    private static final String[] LAST_NAMES = {"Nguyen", "Okafor", "Schmidt", "Tanaka", "Rossi", "Silva", "Kowalski"};
    private static final String[] SENTENCES = {
            "Thanks for making the time today.", "Could you walk me through your current process?",
            "We record around two hundred meetings a week.", "Pricing depends on the number of seats.",
            "Let me share my screen for a moment.", "That integration is on our roadmap.",
            "Can we schedule a follow-up next Tuesday?", "I will send the proposal by Friday."};

    static {
        // see GongSimulator: without it, a chunked recording costs ~40 ms of delayed ACK per download
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();
    private final String signingSalt = Long.toHexString(System.nanoTime());

    private volatile Meetings meetings = Meetings.NONE;
    private volatile WindowBounds windowBounds = WindowBounds.HALF_OPEN;
    private volatile Duration processingDelay = Duration.ZERO;
    private volatile boolean refuseMedia;
    private volatile int pageSize = DEFAULT_PAGE_SIZE;
    private volatile int recordingBytes = DEFAULT_RECORDING_BYTES;
    private volatile String apiKey = API_KEY;
    private volatile boolean rejectCredentials;
    private volatile boolean sendRetryAfter = true;
    private volatile int rateLimitEvery;
    private volatile Duration rateLimitRetryAfter = Duration.ofSeconds(1);
    private volatile int failEvery;
    private volatile int failEveryStatus = 500;
    private volatile int truncateEvery;
    private volatile int processingPolls;
    private volatile boolean recordExchanges;
    private volatile RollingWindow enforcedLimit;

    private final AtomicInteger mediaEpoch = new AtomicInteger();
    private final AtomicInteger cursorEpoch = new AtomicInteger();
    private final AtomicLong downloadSequence = new AtomicLong();
    private final Map<String, SimulatedDownload> downloads = new ConcurrentHashMap<>();
    private final AtomicLong apiRequests = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong serverErrors = new AtomicLong();
    private final AtomicLong recordingsServed = new AtomicLong();
    private final AtomicLong recordingsTruncated = new AtomicLong();
    private final AtomicLong recordingRequests = new AtomicLong();
    private final AtomicLong recordingRequestsWithApiKey = new AtomicLong();
    private final Map<String, AtomicLong> requestsByKind = new ConcurrentHashMap<>();
    private final List<Duration> pendingRateLimits = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> pendingFailures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger pendingTruncations = new AtomicInteger();
    private final AtomicInteger pendingCutAnswers = new AtomicInteger();
    private final List<RecordedExchange> exchanges = Collections.synchronizedList(new ArrayList<>());

    private FathomSimulator(Clock clock) throws IOException {
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a simulator on a free loopback port, with the system clock. */
    public static FathomSimulator start() {
        return start(Clock.systemUTC());
    }

    /** Starts a simulator whose media expiry and rate limit follow {@code clock}. */
    public static FathomSimulator start(Clock clock) {
        try {
            return new FathomSimulator(clock);
        } catch (IOException failure) {
            throw new IllegalStateException("could not bind the Fathom simulator to a loopback port", failure);
        }
    }

    // ---- VendorSimulator ----

    /** The API address, like {@code https://api.fathom.ai/external/v1}. */
    @Override
    public URI baseUrl() {
        return URI.create(root() + API_PATH);
    }

    /** Reads the ends of the listing's time filter as {@code bounds} until {@link #reset()}. */
    @Override
    public void readWindowBoundsAs(WindowBounds bounds) {
        windowBounds = java.util.Objects.requireNonNull(bounds, "bounds");
    }

    /**
     * Fathom creates the records of meetings seeded from now on {@code delay} later than usual (a slow or backed-up
     * processing of the recording), until {@link #reset()}.
     */
    public void delayProcessing(Duration delay) {
        processingDelay = delay;
    }

    @Override
    public void reset() {
        meetings = Meetings.NONE;
        windowBounds = WindowBounds.HALF_OPEN;
        processingDelay = Duration.ZERO;
        refuseMedia = false;
        pageSize = DEFAULT_PAGE_SIZE;
        recordingBytes = DEFAULT_RECORDING_BYTES;
        apiKey = API_KEY;
        rejectCredentials = false;
        sendRetryAfter = true;
        rateLimitEvery = 0;
        failEvery = 0;
        truncateEvery = 0;
        processingPolls = 0;
        recordExchanges = false;
        enforcedLimit = null;
        mediaEpoch.incrementAndGet();
        cursorEpoch.incrementAndGet();
        downloads.clear();
        for (AtomicLong counter : List.of(apiRequests, rateLimited, serverErrors, recordingsServed, recordingsTruncated,
                recordingRequests, recordingRequestsWithApiKey)) {
            counter.set(0);
        }
        requestsByKind.clear();
        pendingRateLimits.clear();
        pendingFailures.clear();
        pendingTruncations.set(0);
        pendingCutAnswers.set(0);
        exchanges.clear();
    }

    @Override
    public List<SeededCall> seed(int count, DateWindow window, CallMix mix, long randomSeed) {
        if (count < 0) {
            throw new IllegalArgumentException("cannot seed " + count + " meetings");
        }
        SplittableRandom random = new SplittableRandom(randomSeed);
        long windowMillis = window.length().toMillis();
        Set<Long> ids = new LinkedHashSet<>();
        List<SimulatedMeeting> seeded = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long id;
            do {
                id = random.nextLong(100_000_000L, 9_999_999_999L);
            } while (!ids.add(id));
            long slot = windowMillis / Math.max(1, count);
            Instant started = window.from().plusMillis(windowMillis * i / Math.max(1, count) + random.nextLong(Math.max(1, slot / 2)))
                    .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            if (started.isBefore(window.from())) {
                started = window.from();
            }
            boolean withoutMedia = CallMix.falls(i, mix.withoutRecordingShare(), 7);
            boolean withoutTranscript = CallMix.falls(i, mix.withoutTranscriptShare(), 11);
            seeded.add(new SimulatedMeeting(id, started, 120 + random.nextInt(3_480), !withoutMedia, !withoutTranscript,
                    i % 4 != 0, random.nextLong(), i, processingDelay.toSeconds(), null));
        }
        meetings = new Meetings(seeded);
        cursorEpoch.incrementAndGet();
        return seeded.stream().sorted(Comparator.comparing(SimulatedMeeting::started)).map(FathomSimulator::describe).toList();
    }

    /**
     * Adds a meeting as the script tells it (title, start, length, invitees; the first invitee records it), with media and a
     * transcript, to the meetings already seeded.
     */
    public SeededCall addMeeting(ScriptedMeeting script) {
        Meetings before = meetings;
        long id = new SplittableRandom(script.hashCode()).nextLong(100_000_000L, 9_999_999_999L);
        SimulatedMeeting meeting = new SimulatedMeeting(id, script.startedAt(), (int) script.duration().toSeconds(), true, true, true,
                script.hashCode(), before.byStart.size(), processingDelay.toSeconds(), script);
        List<SimulatedMeeting> merged = new ArrayList<>(before.byStart);
        merged.add(meeting);
        meetings = new Meetings(merged);
        cursorEpoch.incrementAndGet();
        return describe(meeting);
    }

    @Override
    public void usePageSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a page holds at least one meeting, not " + size);
        }
        pageSize = size;
    }

    /** The SHA-256 of the audio the simulator serves for a meeting (the connector prefers audio). */
    @Override
    public String recordingSha256(String vendorCallId) {
        SimulatedMeeting meeting = meetings.byId.get(vendorCallId);
        if (meeting == null || !meeting.hasMedia) {
            throw new IllegalArgumentException("meeting " + vendorCallId + " has no recording in the simulator");
        }
        MessageDigest digest = sha256();
        byte[] chunk = new byte[8192];
        SplittableRandom bytes = new SplittableRandom(meeting.seed + 2);
        for (int written = 0; written < recordingBytes; written += chunk.length) {
            int length = Math.min(chunk.length, recordingBytes - written);
            fill(bytes, chunk, length);
            digest.update(chunk, 0, length);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public long apiRequestsReceived() {
        return apiRequests.get();
    }

    @Override
    public void rejectCredentials(boolean reject) {
        rejectCredentials = reject;
    }

    @Override
    public void rateLimitNextRequest(Duration retryAfter) {
        pendingRateLimits.add(retryAfter);
    }

    @Override
    public void failNextRequest(int status) {
        pendingFailures.add(status);
    }

    @Override
    public void truncateNextRecording() {
        pendingTruncations.incrementAndGet();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- Fathom-specific seeding and assertions ----

    /** The meetings a connector should import: every one (Fathom has no private meetings). */
    public Set<String> eligibleCallIds() {
        Set<String> ids = new LinkedHashSet<>();
        meetings.byStart.forEach(meeting -> ids.add(meeting.idText()));
        return ids;
    }

    /** The meetings with media, i.e. a recording to download. */
    public Set<String> callsWithRecording() {
        Set<String> ids = new LinkedHashSet<>();
        meetings.byStart.stream().filter(SimulatedMeeting::hasMedia).forEach(meeting -> ids.add(meeting.idText()));
        return ids;
    }

    /** When Fathom created a meeting's record, the field its listing filters on. */
    public Instant createdAt(String vendorCallId) {
        return meetings.byId.get(vendorCallId).createdAt();
    }

    public void useRecordingSize(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("a recording has at least one byte, not " + bytes);
        }
        recordingBytes = bytes;
    }

    /** The API key accepted from now on (default {@link #API_KEY}). */
    public void acceptApiKey(String key) {
        apiKey = key;
    }

    // ---- fault script ----

    /** Answers every {@code n}th API request (0: none) with 429. */
    public void rateLimitEvery(int n, Duration retryAfter) {
        rateLimitRetryAfter = retryAfter;
        rateLimitEvery = n;
    }

    /** Answers every {@code n}th API request (0: none) with {@code status}. */
    public void failEvery(int n, int status) {
        failEveryStatus = status;
        failEvery = n;
    }

    /** Cuts every {@code n}th recording download (0: none) half-way, after announcing its full length. */
    public void truncateEvery(int n) {
        truncateEvery = n;
    }

    /** Sends only half of the next API answer's JSON (with a matching Content-Length), as a dropped proxy might. */
    public void cutNextApiAnswer() {
        pendingCutAnswers.incrementAndGet();
    }

    /** Whether a 429 carries {@code Retry-After} besides {@code RateLimit-Reset} (Fathom documents only the latter). */
    public void sendRetryAfter(boolean send) {
        sendRetryAfter = send;
    }

    /** Downloads requested from now on stay {@code processing}, without media, for this many status reads. */
    public void keepDownloadsProcessingFor(int statusReads) {
        processingPolls = statusReads;
    }

    /** While {@code refuse} holds, storage refuses every media link with 403, as it does an expired one. */
    public void refuseMediaDownloads(boolean refuse) {
        refuseMedia = refuse;
    }

    /** Expires every download and media link issued so far: storage answers 403 and the downloads report {@code expired}. */
    public void expireMediaLinks() {
        mediaEpoch.incrementAndGet();
    }

    /** Enforces Fathom's documented 60 requests per 60 s, in every rolling window, with 429 + RateLimit headers. */
    public void enforceFathomRateLimit() {
        enforceRateLimit(60, Duration.ofSeconds(60));
    }

    /** Enforces {@code requests} per {@code period} in every rolling window on the simulator's clock. */
    public void enforceRateLimit(int requests, Duration period) {
        enforcedLimit = new RollingWindow(requests, period, clock);
    }

    /** Keeps every API exchange from now on, for tests that look at requests. */
    public void recordExchanges(boolean record) {
        recordExchanges = record;
    }

    public List<RecordedExchange> exchanges() {
        synchronized (exchanges) {
            return List.copyOf(exchanges);
        }
    }

    // ---- counters ----

    public long rateLimitedResponses() {
        return rateLimited.get();
    }

    public long serverErrorResponses() {
        return serverErrors.get();
    }

    public long recordingsServed() {
        return recordingsServed.get();
    }

    public long recordingsTruncated() {
        return recordingsTruncated.get();
    }

    /** Requests to the storage path, answered or refused. */
    public long recordingRequests() {
        return recordingRequests.get();
    }

    /** Storage requests that carried the API key, which a signed URL must not get. */
    public long recordingRequestsWithApiKey() {
        return recordingRequestsWithApiKey.get();
    }

    /** {@code POST /recordings/{id}/download} requests received. */
    public long downloadRequests() {
        return count("POST download");
    }

    /** {@code GET /recordings/{id}/downloads/{download_id}} requests received. */
    public long downloadStatusRequests() {
        return count("GET download");
    }

    /** {@code GET /meetings} requests received. */
    public long listingRequests() {
        return count("GET meetings");
    }

    private long count(String kind) {
        AtomicLong counter = requestsByKind.get(kind);
        return counter == null ? 0 : counter.get();
    }

    // ---- serving ----

    private String root() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/media/")) {
                serveRecording(exchange, path);
            } else {
                serveApi(exchange, path);
            }
        }
    }

    private void serveApi(HttpExchange exchange, String path) throws IOException {
        long requestNumber = apiRequests.incrementAndGet();
        byte[] requestBody = exchange.getRequestBody().readAllBytes();
        Map<String, List<String>> query = query(exchange.getRequestURI().getRawQuery());
        Reply reply = answer(exchange, path, query, requestNumber);
        byte[] body = json.writeValueAsBytes(reply.body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        reply.headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        if (recordExchanges) {
            Map<String, List<String>> requestHeaders = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> requestHeaders.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
            Map<String, List<String>> responseHeaders = new HashMap<>();
            exchange.getResponseHeaders().forEach((name, values) -> responseHeaders.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
            exchanges.add(new RecordedExchange(exchange.getRequestMethod(), path, query, requestHeaders,
                    new String(requestBody, StandardCharsets.UTF_8), reply.status, responseHeaders,
                    new String(body, StandardCharsets.UTF_8)));
        }
        if (pendingCutAnswers.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            body = java.util.Arrays.copyOf(body, body.length / 2);
        }
        exchange.sendResponseHeaders(reply.status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private Reply answer(HttpExchange exchange, String fullPath, Map<String, List<String>> query, long requestNumber) {
        if (rejectCredentials || !apiKey.equals(exchange.getRequestHeaders().getFirst("X-Api-Key"))) {
            return message(401, "Invalid API key", Map.of());
        }
        Map<String, String> limitHeaders = new LinkedHashMap<>();
        RollingWindow limit = enforcedLimit;
        if (limit != null) {
            RollingWindow.Decision decision = limit.take();
            limitHeaders.put("RateLimit-Limit", Integer.toString(limit.requests));
            limitHeaders.put("RateLimit-Remaining", Long.toString(decision.remaining()));
            limitHeaders.put("RateLimit-Reset", Long.toString(seconds(decision.reset())));
            if (!decision.allowed()) {
                return rateLimitedReply(decision.reset(), limit.requests);
            }
        }
        Duration limitedFor = pendingRateLimits.isEmpty() ? null : pollFirst(pendingRateLimits);
        if (limitedFor == null && rateLimitEvery > 0 && requestNumber % rateLimitEvery == 0) {
            limitedFor = rateLimitRetryAfter;
        }
        if (limitedFor != null) {
            return rateLimitedReply(limitedFor, 60);
        }
        Integer failure = pendingFailures.isEmpty() ? null : pollFirst(pendingFailures);
        if (failure == null && failEvery > 0 && requestNumber % failEvery == 0) {
            failure = failEveryStatus;
        }
        if (failure != null) {
            serverErrors.incrementAndGet();
            return message(failure, "Internal server error", limitHeaders);
        }
        if (!fullPath.startsWith(API_PATH + "/")) {
            return message(404, "Not found", limitHeaders);
        }
        String path = fullPath.substring(API_PATH.length());
        String method = exchange.getRequestMethod();
        try {
            if (method.equals("GET") && path.equals("/meetings")) {
                tally("GET meetings");
                return listMeetings(query, limitHeaders);
            }
            Matcher request = REQUEST_DOWNLOAD.matcher(path);
            if (method.equals("POST") && request.matches()) {
                tally("POST download");
                return requestDownload(request.group(1), limitHeaders);
            }
            Matcher status = DOWNLOAD_STATUS.matcher(path);
            if (method.equals("GET") && status.matches()) {
                tally("GET download");
                return downloadStatus(status.group(1), status.group(2), limitHeaders);
            }
            return message(404, "Not found", limitHeaders);
        } catch (DateTimeParseException | BadRequest malformed) {
            return message(400, malformed.getMessage(), limitHeaders);
        }
    }

    private Reply listMeetings(Map<String, List<String>> query, Map<String, String> headers) {
        Instant after = instant(first(query, "created_after"));
        Instant before = instant(first(query, "created_before"));
        boolean withTranscript = "true".equals(first(query, "include_transcript"));
        List<SimulatedMeeting> selected = meetings.createdBetween(after, before, windowBounds);
        String filterKey = Integer.toHexString((after + "|" + before).hashCode());
        int offset = 0;
        String cursor = first(query, "cursor");
        if (cursor != null && !cursor.isEmpty()) {
            String[] parts;
            try {
                parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            } catch (IllegalArgumentException malformed) {
                throw new BadRequest("invalid cursor");
            }
            if (parts.length != 3 || !parts[0].equals(filterKey) || !parts[2].equals(Integer.toString(cursorEpoch.get()))) {
                throw new BadRequest("invalid cursor: it belongs to another query");
            }
            offset = Integer.parseInt(parts[1]);
        }
        int size = pageSize;
        int end = Math.min(selected.size(), offset + size);
        ObjectNode reply = json.createObjectNode();
        reply.put("limit", size);
        if (end < selected.size()) {
            reply.put("next_cursor", Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (filterKey + "|" + end + "|" + cursorEpoch.get()).getBytes(StandardCharsets.UTF_8)));
        } else {
            reply.putNull("next_cursor");
        }
        ArrayNode items = reply.putArray("items");
        for (SimulatedMeeting meeting : selected.subList(Math.min(offset, selected.size()), end)) {
            items.add(meeting(meeting, withTranscript));
        }
        return new Reply(200, reply, headers);
    }

    private Reply requestDownload(String recordingId, Map<String, String> headers) {
        SimulatedMeeting meeting = meetings.byId.get(recordingId);
        if (meeting == null) {
            return message(404, "Recording not found", headers);
        }
        if (!meeting.hasMedia) {
            return message(422, "No media is available for this recording", headers);
        }
        String id = "dl_" + Long.toString(downloadSequence.incrementAndGet(), 36) + Long.toHexString(meeting.seed & 0xffff);
        SimulatedDownload download = new SimulatedDownload(id, meeting, mediaEpoch.get(), clock.instant(),
                new AtomicInteger(processingPolls));
        downloads.put(id, download);
        return new Reply(202, recordingDownload(download, processingPolls > 0), headers);
    }

    private Reply downloadStatus(String recordingId, String downloadId, Map<String, String> headers) {
        SimulatedDownload download = downloads.get(downloadId);
        if (download == null || !download.meeting.idText().equals(recordingId)) {
            return message(404, "Download not found", headers);
        }
        boolean processing = download.pollsLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
        return new Reply(200, recordingDownload(download, processing), headers);
    }

    private ObjectNode recordingDownload(SimulatedDownload download, boolean processing) {
        ObjectNode body = json.createObjectNode();
        body.put("download_id", download.id);
        body.put("recording_id", download.meeting.id);
        Instant expires = download.createdAt.plus(MEDIA_URL_VALIDITY);
        boolean expired = download.epoch != mediaEpoch.get() || !clock.instant().isBefore(expires);
        body.put("status", expired ? "expired" : processing ? "processing" : "completed");
        if (expired || processing) {
            body.putNull("audio");
            body.putNull("video");
        } else {
            body.set("audio", media(download, "audio", "mp3", AUDIO_TYPE, expires));
            body.set("video", media(download, "video", "mp4", VIDEO_TYPE, expires));
        }
        body.putNull("failure_reason");
        return body;
    }

    private ObjectNode media(SimulatedDownload download, String kind, String extension, String type, Instant expires) {
        ObjectNode media = json.createObjectNode();
        String expiresAt = Long.toString(expires.getEpochSecond());
        media.put("url", root() + "/media/" + download.id + "/" + kind + "." + extension + "?expires=" + expiresAt
                + "&sig=" + signature(download.id, kind, expiresAt, download.epoch));
        media.put("content_type", type);
        media.put("file_size_bytes", recordingBytes);
        media.put("expires_at", expires.toString());
        return media;
    }

    private void serveRecording(HttpExchange exchange, String path) throws IOException {
        recordingRequests.incrementAndGet();
        if (exchange.getRequestHeaders().containsKey("X-Api-Key")) {
            recordingRequestsWithApiKey.incrementAndGet();
        }
        exchange.getRequestBody().readAllBytes();
        String[] parts = path.substring("/media/".length()).split("/");
        SimulatedDownload download = parts.length == 2 ? downloads.get(parts[0]) : null;
        String kind = parts.length == 2 && parts[1].contains(".") ? parts[1].substring(0, parts[1].indexOf('.')) : "";
        Map<String, List<String>> query = query(exchange.getRequestURI().getRawQuery());
        String expires = first(query, "expires");
        if (download == null || expires == null || !(kind.equals("audio") || kind.equals("video"))
                || !signature(download.id, kind, expires, mediaEpoch.get()).equals(first(query, "sig"))) {
            storageRefusal(exchange, "AccessDenied");
            return;
        }
        if (refuseMedia || clock.instant().getEpochSecond() >= Long.parseLong(expires)) {
            storageRefusal(exchange, "AccessDenied: Request has expired");
            return;
        }
        int size = recordingBytes;
        boolean truncate = pendingTruncations.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0
                || (truncateEvery > 0 && recordingRequests.get() % truncateEvery == 0);
        exchange.getResponseHeaders().set("Content-Type", kind.equals("video") ? VIDEO_TYPE : AUDIO_TYPE);
        exchange.sendResponseHeaders(200, size);
        OutputStream out = exchange.getResponseBody();
        byte[] chunk = new byte[8192];
        SplittableRandom bytes = new SplittableRandom(download.meeting.seed + (kind.equals("video") ? 3 : 2));
        int limit = truncate ? size / 2 : size;
        for (int written = 0; written < limit; written += chunk.length) {
            int length = Math.min(chunk.length, size - written);
            fill(bytes, chunk, length);
            out.write(chunk, 0, Math.min(length, limit - written));
        }
        out.flush();
        if (truncate) {
            recordingsTruncated.incrementAndGet();
            // a handler that fails makes the JDK server drop the connection at once, like a cut download
            throw new IOException("recording " + download.meeting.id + " truncated on purpose after " + limit + " of " + size + " bytes");
        }
        out.close();
        recordingsServed.incrementAndGet();
    }

    private void storageRefusal(HttpExchange exchange, String code) throws IOException {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code></Error>")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(403, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    // ---- Fathom's shapes ----

    private ObjectNode meeting(SimulatedMeeting meeting, boolean withTranscript) {
        ObjectNode node = json.createObjectNode();
        List<Person> invitees = invitees(meeting);
        Person recorder = recorder(meeting, invitees);
        node.put("title", meeting.script != null ? meeting.script.title() : "Discovery call #" + (meeting.index + 1));
        node.put("meeting_title", meeting.script != null ? meeting.script.title() : "Acme <> Buyer discovery");
        node.put("recording_id", meeting.id);
        node.put("url", "https://fathom.video/calls/" + meeting.id);
        node.put("share_url", "https://fathom.video/share/" + Long.toHexString(meeting.seed));
        node.put("created_at", meeting.createdAt().toString());
        node.put("scheduled_start_time", meeting.started.minusSeconds(60).toString());
        node.put("scheduled_end_time", meeting.started.plusSeconds(meeting.durationSeconds).toString());
        node.put("recording_start_time", meeting.started.toString());
        node.put("recording_end_time", meeting.ended().toString());
        node.put("calendar_invitees_domains_type", "one_or_more_external");
        node.put("transcript_language", "en");
        ArrayNode calendar = node.putArray("calendar_invitees");
        for (Person invitee : invitees) {
            ObjectNode entry = calendar.addObject();
            entry.put("name", invitee.name);
            entry.put("matched_speaker_display_name", invitee.speaks ? invitee.name : null);
            entry.put("email", invitee.email);
            entry.put("email_domain", invitee.email.substring(invitee.email.indexOf('@') + 1));
            entry.put("is_external", invitee.external);
        }
        ObjectNode recordedBy = node.putObject("recorded_by");
        recordedBy.put("name", recorder.name);
        recordedBy.put("email", recorder.email);
        recordedBy.put("email_domain", "seller.example");
        recordedBy.put("team", "Sales");
        if (withTranscript) {
            if (meeting.hasTranscript) {
                node.set("transcript", transcript(meeting, invitees));
            } else {
                node.putNull("transcript");
            }
        }
        node.putNull("default_summary");
        node.putNull("action_items");
        return node;
    }

    private List<Person> invitees(SimulatedMeeting meeting) {
        if (meeting.script != null) {
            List<ScriptedMeeting.Attendee> attendees = meeting.script.attendees();
            return java.util.stream.IntStream.range(0, attendees.size()).mapToObj(i -> new Person(attendees.get(i).name(),
                    attendees.get(i).email(), !attendees.get(i).internal(), i < 2)).toList();
        }
        SplittableRandom random = new SplittableRandom(meeting.seed);
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < meeting.inviteeCount(); i++) {
            String first = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)];
            String last = LAST_NAMES[random.nextInt(LAST_NAMES.length)];
            boolean internal = i == 0;
            people.add(new Person(first + " " + last + (i > 1 ? " " + i : ""),
                    (first + "." + last + i).toLowerCase(Locale.ROOT) + (internal ? "@seller.example" : "@buyer.example"),
                    !internal, i < 2));
        }
        return people;
    }

    private static Person recorder(SimulatedMeeting meeting, List<Person> invitees) {
        return meeting.recorderInvited ? invitees.getFirst() : new Person("Sam Recorder", "sam.recorder@seller.example", false, false);
    }

    private ArrayNode transcript(SimulatedMeeting meeting, List<Person> invitees) {
        ArrayNode items = json.createArrayNode();
        SplittableRandom random = new SplittableRandom(meeting.seed + 1);
        int count = meeting.transcriptItems();
        for (int i = 0; i < count; i++) {
            Person speaker = invitees.get(i % 2);
            ObjectNode item = items.addObject();
            ObjectNode who = item.putObject("speaker");
            who.put("display_name", speaker.name);
            // Fathom matches a speaker to an invitee only sometimes
            who.put("matched_calendar_invitee_email", i % 3 == 2 ? null : speaker.email);
            item.put("text", SENTENCES[random.nextInt(SENTENCES.length)]);
            long second = (long) meeting.durationSeconds * i / count;
            item.put("timestamp", String.format("%02d:%02d:%02d", second / 3600, second / 60 % 60, second % 60));
        }
        return items;
    }

    private Reply message(int status, String text, Map<String, String> headers) {
        ObjectNode body = json.createObjectNode();
        body.put("message", text);
        return new Reply(status, body, headers);
    }

    private Reply rateLimitedReply(Duration wait, int limit) {
        rateLimited.incrementAndGet();
        long seconds = seconds(wait);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("RateLimit-Limit", Integer.toString(limit));
        headers.put("RateLimit-Remaining", "0");
        headers.put("RateLimit-Reset", Long.toString(seconds));
        if (sendRetryAfter) {
            headers.put("Retry-After", Long.toString(seconds));
        }
        return message(429, "Rate limit exceeded", headers);
    }

    private void tally(String kind) {
        requestsByKind.computeIfAbsent(kind, key -> new AtomicLong()).incrementAndGet();
    }

    private String signature(String downloadId, String kind, String expires, int epoch) {
        byte[] digest = sha256().digest((signingSalt + "|" + downloadId + "|" + kind + "|" + expires + "|" + epoch)
                .getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }

    private static SeededCall describe(SimulatedMeeting meeting) {
        return new SeededCall(meeting.idText(), meeting.started, false, meeting.inviteeCount() + (meeting.recorderInvited ? 0 : 1),
                meeting.hasTranscript ? meeting.transcriptItems() : 0, meeting.hasMedia);
    }

    private static long seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }

    private static Instant instant(String value) {
        return value == null ? null : OffsetDateTime.parse(value).toInstant();
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            query.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return query;
    }

    private static <T> T pollFirst(List<T> pending) {
        synchronized (pending) {
            return pending.isEmpty() ? null : pending.removeFirst();
        }
    }

    private static void fill(SplittableRandom random, byte[] chunk, int length) {
        for (int i = 0; i < length; i += 8) {
            long value = random.nextLong();
            for (int b = 0; b < 8 && i + b < length; b++) {
                chunk[i + b] = (byte) (value >>> (8 * b));
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
    }

    // ---- state ----

    private record Reply(int status, tools.jackson.databind.JsonNode body, Map<String, String> headers) {
    }

    private record Person(String name, String email, boolean external, boolean speaks) {
    }

    private record SimulatedDownload(String id, SimulatedMeeting meeting, int epoch, Instant createdAt, AtomicInteger pollsLeft) {
    }

    private static final class BadRequest extends IllegalArgumentException {
        BadRequest(String message) {
            super(message);
        }
    }

    /** A seeded meeting; everything else about it is derived from {@code seed} when served. */
    private record SimulatedMeeting(long id, Instant started, int durationSeconds, boolean hasMedia, boolean hasTranscript,
                                    boolean recorderInvited, long seed, int index, long processingDelaySeconds, ScriptedMeeting script) {
        String idText() {
            return Long.toString(id);
        }

        Instant ended() {
            return started.plusSeconds(durationSeconds);
        }

        /** Fathom stores the meeting once the recording is processed, a little after it ends. */
        Instant createdAt() {
            return ended().plusSeconds(90 + Math.floorMod(seed, 120L) + processingDelaySeconds);
        }

        int inviteeCount() {
            return script != null ? script.attendees().size() : 2 + (int) Math.floorMod(seed, 3L);
        }

        int transcriptItems() {
            return 3 + (int) Math.floorMod(seed >>> 8, 5L);
        }
    }

    /** The seeded meetings, newest record first as Fathom lists them, with an index by id. */
    private static final class Meetings {
        static final Meetings NONE = new Meetings(List.of());

        final List<SimulatedMeeting> byCreationDescending;
        final List<SimulatedMeeting> byStart;
        final Map<String, SimulatedMeeting> byId = new HashMap<>();

        Meetings(List<SimulatedMeeting> meetings) {
            this.byCreationDescending = meetings.stream()
                    .sorted(Comparator.comparing(SimulatedMeeting::createdAt).reversed().thenComparing(SimulatedMeeting::id)).toList();
            this.byStart = meetings.stream().sorted(Comparator.comparing(SimulatedMeeting::started)).toList();
            meetings.forEach(meeting -> byId.put(meeting.idText(), meeting));
        }

        /** Meetings whose creation the filter admits, its ends read as {@code bounds}; a null bound is open. */
        List<SimulatedMeeting> createdBetween(Instant after, Instant before, WindowBounds bounds) {
            return byCreationDescending.stream().filter(meeting -> bounds.admits(meeting.createdAt(), after, before)).toList();
        }
    }

    /**
     * Fathom's limit read as strictly as its documentation allows: at most {@code requests} answered requests in any
     * rolling window of {@code period}, wherever it starts, on the simulator's clock.
     */
    private static final class RollingWindow {
        private final int requests;
        private final Duration period;
        private final Clock clock;
        private final java.util.ArrayDeque<Instant> answered = new java.util.ArrayDeque<>();

        RollingWindow(int requests, Duration period, Clock clock) {
            this.requests = requests;
            this.period = period;
            this.clock = clock;
        }

        record Decision(boolean allowed, long remaining, Duration reset) {
        }

        synchronized Decision take() {
            Instant now = clock.instant();
            while (!answered.isEmpty() && !answered.peekFirst().plus(period).isAfter(now)) {
                answered.pollFirst();
            }
            if (answered.size() >= requests) {
                return new Decision(false, 0, Duration.between(now, answered.peekFirst().plus(period)));
            }
            answered.addLast(now);
            return new Decision(true, requests - answered.size(), Duration.between(now, answered.peekFirst().plus(period)));
        }
    }
}
