package com.callimport.connectors.grain;

import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connector.testkit.RecordedExchange;
import com.callimport.connector.testkit.SeededCall;
import com.callimport.connector.testkit.VendorSimulator;
import com.callimport.connector.testkit.WindowBounds;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-memory Grain public API v2 on loopback, as much of it as the connector uses: {@code POST /recordings}
 * (body filter on {@code start_datetime}, newest first, body {@code cursor}, participants on request),
 * {@code GET /recordings/{id}/transcript} (a bare array, millisecond offsets, {@code []} when there is none),
 * and {@code GET /recordings/{id}/download}, which redirects to a storage path
 * {@code /storage/{id}.{ext}?expires=…&sig=…} standing in for signed media URLs (403 once expired), or
 * streams the media itself when asked to. Every API request needs {@code Authorization: Bearer} and
 * {@code Public-Api-Version: 2025-10-31}; answers carry {@code x-ratelimit-limit}/{@code x-ratelimit-remaining}.
 *
 * <p>The download path and the filter's direction are UNCONFIRMED in Grain's docs; this simulator models
 * the reading the connector relies on. Recordings are seeded deterministically (Grain has no private
 * recordings; a "without recording" call is a transcript-only recording); participants, transcripts and
 * media bytes are derived from a per-recording seed when served. A thread-safe fault script serves the
 * tests: refused tokens, 429s with Retry-After, 5xx, truncated media, expired media links, and Grain's
 * documented 300 requests per minute in every rolling window on the simulator's clock. Nothing here sleeps.
 */
public final class GrainSimulator implements VendorSimulator {
    public static final String ACCESS_TOKEN = "grain_wat_sim-workspace-token";
    public static final String API_PATH = "/_/public-api/v2";
    public static final String API_VERSION = "2025-10-31";
    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int DEFAULT_RECORDING_BYTES = 32 * 1024;
    static final Duration MEDIA_URL_VALIDITY = Duration.ofHours(1);

    private static final Pattern TRANSCRIPT = Pattern.compile("/recordings/([0-9a-f-]{36})/transcript");
    private static final Pattern DOWNLOAD = Pattern.compile("/recordings/([0-9a-f-]{36})/download");
    private static final String[] FIRST_NAMES = {"Avery", "Blake", "Casey", "Devon", "Emery", "Finley", "Harper", "Jordan"};
    private static final String[] LAST_NAMES = {"Nguyen", "Okafor", "Schmidt", "Tanaka", "Rossi", "Silva", "Kowalski"};
    private static final String[] SENTENCES = {
            "Thanks for making the time today.", "Could you walk me through your current process?",
            "Our team records every customer call.", "Pricing depends on the number of seats.",
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

    private volatile Recordings recordings = Recordings.NONE;
    private volatile WindowBounds windowBounds = WindowBounds.HALF_OPEN;
    private volatile int pageSize = DEFAULT_PAGE_SIZE;
    private volatile int recordingBytes = DEFAULT_RECORDING_BYTES;
    private volatile String accessToken = ACCESS_TOKEN;
    private volatile boolean rejectCredentials;
    private volatile boolean streamMedia;
    private volatile int rateLimitEvery;
    private volatile Duration rateLimitRetryAfter = Duration.ofSeconds(1);
    private volatile int failEvery;
    private volatile int failEveryStatus = 500;
    private volatile int truncateEvery;
    private volatile boolean recordExchanges;
    private volatile RollingWindow enforcedLimit;

    private final AtomicInteger mediaEpoch = new AtomicInteger();
    private final AtomicInteger cursorEpoch = new AtomicInteger();
    private final AtomicLong listings = new AtomicLong();
    private final AtomicLong apiRequests = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong serverErrors = new AtomicLong();
    private final AtomicLong recordingsServed = new AtomicLong();
    private final AtomicLong recordingsTruncated = new AtomicLong();
    private final AtomicLong recordingRequests = new AtomicLong();
    private final AtomicLong storageRequestsWithToken = new AtomicLong();
    private final Map<String, AtomicLong> requestsByKind = new ConcurrentHashMap<>();
    private final List<Duration> pendingRateLimits = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> pendingFailures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger pendingTruncations = new AtomicInteger();
    private final AtomicInteger pendingExpiredLinks = new AtomicInteger();
    private final List<RecordedExchange> exchanges = Collections.synchronizedList(new ArrayList<>());

    private GrainSimulator(Clock clock) throws IOException {
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static GrainSimulator start() {
        return start(Clock.systemUTC());
    }

    /** Starts a simulator whose media expiry and rate limit follow {@code clock}. */
    public static GrainSimulator start(Clock clock) {
        try {
            return new GrainSimulator(clock);
        } catch (IOException failure) {
            throw new IllegalStateException("could not bind the Grain simulator to a loopback port", failure);
        }
    }

    // ---- VendorSimulator ----

    /** The API address, like {@code https://api.grain.com/_/public-api/v2}. */
    @Override
    public URI baseUrl() {
        return URI.create(root() + API_PATH);
    }

    /** Reads the ends of the listing's time filter as {@code bounds} until {@link #reset()}. */
    @Override
    public void readWindowBoundsAs(WindowBounds bounds) {
        windowBounds = java.util.Objects.requireNonNull(bounds, "bounds");
    }

    @Override
    public void reset() {
        recordings = Recordings.NONE;
        windowBounds = WindowBounds.HALF_OPEN;
        pageSize = DEFAULT_PAGE_SIZE;
        recordingBytes = DEFAULT_RECORDING_BYTES;
        accessToken = ACCESS_TOKEN;
        rejectCredentials = false;
        streamMedia = false;
        rateLimitEvery = 0;
        failEvery = 0;
        truncateEvery = 0;
        recordExchanges = false;
        enforcedLimit = null;
        mediaEpoch.incrementAndGet();
        cursorEpoch.incrementAndGet();
        for (AtomicLong counter : List.of(apiRequests, rateLimited, serverErrors, recordingsServed, recordingsTruncated,
                recordingRequests, storageRequestsWithToken)) {
            counter.set(0);
        }
        requestsByKind.clear();
        pendingRateLimits.clear();
        pendingFailures.clear();
        pendingTruncations.set(0);
        pendingExpiredLinks.set(0);
        exchanges.clear();
    }

    @Override
    public List<SeededCall> seed(int count, DateWindow window, CallMix mix, long randomSeed) {
        if (count < 0) {
            throw new IllegalArgumentException("cannot seed " + count + " recordings");
        }
        SplittableRandom random = new SplittableRandom(randomSeed);
        long windowMillis = window.length().toMillis();
        List<SimulatedRecording> seeded = new ArrayList<>(count);
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < count; i++) {
            String id;
            do {
                id = new UUID(random.nextLong(), random.nextLong()).toString();
            } while (!ids.add(id));
            long slot = windowMillis / Math.max(1, count);
            Instant started = window.from().plusMillis(windowMillis * i / Math.max(1, count) + random.nextLong(Math.max(1, slot / 2)));
            boolean transcriptOnly = CallMix.falls(i, mix.withoutRecordingShare(), 7);
            boolean withoutTranscript = !transcriptOnly && CallMix.falls(i, mix.withoutTranscriptShare(), 11);
            String mediaType = transcriptOnly ? "transcript" : i % 3 == 0 ? "audio" : "video";
            seeded.add(new SimulatedRecording(id, started, 120_000 + random.nextInt(3_480_000), mediaType, !withoutTranscript,
                    random.nextLong(), i));
        }
        recordings = new Recordings(seeded);
        cursorEpoch.incrementAndGet();
        return recordings.byStart.stream().map(GrainSimulator::describe).toList();
    }

    @Override
    public void usePageSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a page holds at least one recording, not " + size);
        }
        pageSize = size;
    }

    @Override
    public String recordingSha256(String vendorCallId) {
        SimulatedRecording recording = recordings.byId.get(vendorCallId);
        if (recording == null || !recording.hasMedia()) {
            throw new IllegalArgumentException("recording " + vendorCallId + " has no media in the simulator");
        }
        MessageDigest digest = sha256();
        byte[] chunk = new byte[8192];
        SplittableRandom bytes = new SplittableRandom(recording.seed + 2);
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

    // ---- Grain-specific seeding and assertions ----

    /** The recordings a connector should import: every one (Grain has no private recordings). */
    public Set<String> eligibleCallIds() {
        Set<String> ids = new LinkedHashSet<>();
        recordings.byStart.forEach(recording -> ids.add(recording.id));
        return ids;
    }

    /** The recordings with audio or video to download. */
    public Set<String> callsWithRecording() {
        Set<String> ids = new LinkedHashSet<>();
        recordings.byStart.stream().filter(SimulatedRecording::hasMedia).forEach(recording -> ids.add(recording.id));
        return ids;
    }

    public void useRecordingSize(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("a recording has at least one byte, not " + bytes);
        }
        recordingBytes = bytes;
    }

    /** The access token accepted from now on (default {@link #ACCESS_TOKEN}). */
    public void acceptAccessToken(String token) {
        accessToken = token;
    }

    // ---- fault script ----

    public void rateLimitEvery(int n, Duration retryAfter) {
        rateLimitRetryAfter = retryAfter;
        rateLimitEvery = n;
    }

    public void failEvery(int n, int status) {
        failEveryStatus = status;
        failEvery = n;
    }

    public void truncateEvery(int n) {
        truncateEvery = n;
    }

    /** Whether {@code /download} streams the media itself instead of redirecting to signed storage. */
    public void streamMediaFromTheApi(boolean stream) {
        streamMedia = stream;
    }

    /** The next media link issued is already expired when it is used (storage answers 403). */
    public void expireNextMediaLink() {
        pendingExpiredLinks.incrementAndGet();
    }

    /** Expires every media link issued so far. */
    public void expireMediaLinks() {
        mediaEpoch.incrementAndGet();
    }

    /** Enforces Grain's documented 300 requests per minute, in every rolling window, with 429 + Retry-After. */
    public void enforceGrainRateLimit() {
        enforceRateLimit(300, Duration.ofSeconds(60));
    }

    public void enforceRateLimit(int requests, Duration period) {
        enforcedLimit = new RollingWindow(requests, period, clock);
    }

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

    /** Media downloads started, from storage or streamed by the API. */
    public long recordingRequests() {
        return recordingRequests.get();
    }

    /** Storage requests that carried the bearer token, which a signed URL must not get. */
    public long storageRequestsWithToken() {
        return storageRequestsWithToken.get();
    }

    public long listingRequests() {
        return count("POST recordings");
    }

    public long transcriptRequests() {
        return count("GET transcript");
    }

    public long downloadRequests() {
        return count("GET download");
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
            if (path.startsWith("/storage/")) {
                serveStorage(exchange, path);
            } else {
                serveApi(exchange, path);
            }
        }
    }

    private void serveApi(HttpExchange exchange, String path) throws IOException {
        long requestNumber = apiRequests.incrementAndGet();
        byte[] requestBody = exchange.getRequestBody().readAllBytes();
        Reply reply = answer(exchange, path, requestBody, requestNumber);
        reply.headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        if (reply.media != null) {
            if (recordExchanges) {
                record(exchange, path, requestBody, reply.status, "");
            }
            sendMedia(exchange, reply.media, "video".equals(reply.media.mediaType()) ? MediaTypes.VIDEO : MediaTypes.AUDIO);
            return;
        }
        byte[] body = reply.body == null ? new byte[0] : json.writeValueAsBytes(reply.body);
        if (reply.body != null) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        if (recordExchanges) {
            record(exchange, path, requestBody, reply.status, new String(body, StandardCharsets.UTF_8));
        }
        exchange.sendResponseHeaders(reply.status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private void record(HttpExchange exchange, String path, byte[] requestBody, int status, String responseBody) {
        Map<String, List<String>> requestHeaders = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> requestHeaders.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        Map<String, List<String>> responseHeaders = new HashMap<>();
        exchange.getResponseHeaders().forEach((name, values) -> responseHeaders.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        exchanges.add(new RecordedExchange(exchange.getRequestMethod(), path, query(exchange.getRequestURI().getRawQuery()),
                requestHeaders, new String(requestBody, StandardCharsets.UTF_8), status, responseHeaders, responseBody));
    }

    private Reply answer(HttpExchange exchange, String fullPath, byte[] body, long requestNumber) {
        Map<String, String> headers = new LinkedHashMap<>();
        RollingWindow limit = enforcedLimit;
        headers.put("x-ratelimit-limit", Integer.toString(limit == null ? 300 : limit.requests));
        if (rejectCredentials || !("Bearer " + accessToken).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return error(401, "Unauthorized: invalid access token", headers);
        }
        if (!API_VERSION.equals(exchange.getRequestHeaders().getFirst("Public-Api-Version"))) {
            return error(400, "Missing or unsupported Public-Api-Version header; send " + API_VERSION, headers);
        }
        if (limit != null) {
            RollingWindow.Decision decision = limit.take();
            headers.put("x-ratelimit-remaining", Long.toString(decision.remaining()));
            if (!decision.allowed()) {
                return rateLimitedReply(decision.reset(), headers);
            }
        }
        Duration limitedFor = pendingRateLimits.isEmpty() ? null : pollFirst(pendingRateLimits);
        if (limitedFor == null && rateLimitEvery > 0 && requestNumber % rateLimitEvery == 0) {
            limitedFor = rateLimitRetryAfter;
        }
        if (limitedFor != null) {
            return rateLimitedReply(limitedFor, headers);
        }
        Integer failure = pendingFailures.isEmpty() ? null : pollFirst(pendingFailures);
        if (failure == null && failEvery > 0 && requestNumber % failEvery == 0) {
            failure = failEveryStatus;
        }
        if (failure != null) {
            serverErrors.incrementAndGet();
            return error(failure, "Internal server error", headers);
        }
        if (!fullPath.startsWith(API_PATH + "/")) {
            return error(404, "Not found", headers);
        }
        String path = fullPath.substring(API_PATH.length());
        String method = exchange.getRequestMethod();
        try {
            if (method.equals("POST") && path.equals("/recordings")) {
                tally("POST recordings");
                return listRecordings(json.readTree(body), headers);
            }
            Matcher transcript = TRANSCRIPT.matcher(path);
            if (method.equals("GET") && transcript.matches()) {
                tally("GET transcript");
                return transcript(transcript.group(1), headers);
            }
            Matcher download = DOWNLOAD.matcher(path);
            if (method.equals("GET") && download.matches()) {
                tally("GET download");
                return download(download.group(1), headers);
            }
            return error(404, "Not found", headers);
        } catch (JacksonException | DateTimeParseException | BadRequest malformed) {
            return error(400, malformed.getMessage(), headers);
        }
    }

    private Reply listRecordings(JsonNode request, Map<String, String> headers) {
        JsonNode filter = request.path("filter");
        Instant after = instant(text(filter, "after_datetime"));
        Instant before = instant(text(filter, "before_datetime"));
        boolean withParticipants = request.path("include").path("participants").asBoolean(false);
        List<SimulatedRecording> selected = recordings.startedBetween(after, before, windowBounds);
        String filterKey = Integer.toHexString((filter.toString() + "|" + request.path("include")).hashCode());
        int offset = 0;
        String cursor = text(request, "cursor");
        if (cursor != null) {
            String[] parts;
            try {
                parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            } catch (IllegalArgumentException malformed) {
                throw new BadRequest("invalid cursor");
            }
            if (parts.length != 3 || !parts[0].equals(filterKey) || !parts[2].equals(Integer.toString(cursorEpoch.get()))) {
                throw new BadRequest("invalid cursor: keep the filter and includes identical between pages");
            }
            offset = Integer.parseInt(parts[1]);
        }
        int end = Math.min(selected.size(), offset + pageSize);
        long listing = listings.incrementAndGet();
        ObjectNode reply = json.createObjectNode();
        if (end < selected.size()) {
            reply.put("cursor", Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (filterKey + "|" + end + "|" + cursorEpoch.get()).getBytes(StandardCharsets.UTF_8)));
        } else {
            reply.putNull("cursor");
        }
        ArrayNode out = reply.putArray("recordings");
        for (SimulatedRecording recording : selected.subList(Math.min(offset, selected.size()), end)) {
            out.add(recording(recording, withParticipants, listing));
        }
        return new Reply(200, reply, headers, null);
    }

    private Reply transcript(String id, Map<String, String> headers) {
        SimulatedRecording recording = recordings.byId.get(id);
        if (recording == null) {
            return error(404, "Recording not found", headers);
        }
        ArrayNode segments = json.createArrayNode();
        if (recording.hasTranscript) {
            SplittableRandom random = new SplittableRandom(recording.seed + 1);
            List<Person> people = participants(recording);
            long at = 400;
            for (int i = 0; i < recording.segmentCount(); i++) {
                Person speaker = people.get(i % 2);
                long length = 1_500 + random.nextInt(6_000);
                ObjectNode segment = segments.addObject();
                segment.put("start", at);
                segment.put("end", at + length);
                segment.put("text", SENTENCES[random.nextInt(SENTENCES.length)]);
                segment.put("speaker", speaker.name);
                segment.put("participant_id", speaker.id);
                at += length + 250;
            }
        }
        return new Reply(200, segments, headers, null);
    }

    private Reply download(String id, Map<String, String> headers) {
        SimulatedRecording recording = recordings.byId.get(id);
        if (recording == null || !recording.hasMedia()) {
            return error(404, "No media available for this recording", headers);
        }
        if (streamMedia) {
            return new Reply(200, null, headers, recording);
        }
        Instant expires = pendingExpiredLinks.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0
                ? clock.instant().minusSeconds(1) : clock.instant().plus(MEDIA_URL_VALIDITY);
        String expiresAt = Long.toString(expires.getEpochSecond());
        String extension = recording.mediaType.equals("video") ? "mp4" : "mp3";
        Map<String, String> redirect = new LinkedHashMap<>(headers);
        redirect.put("Location", root() + "/storage/" + id + "." + extension + "?expires=" + expiresAt
                + "&sig=" + signature(id, extension, expiresAt, mediaEpoch.get()));
        return new Reply(302, null, redirect, null);
    }

    private void serveStorage(HttpExchange exchange, String path) throws IOException {
        if (exchange.getRequestHeaders().containsKey("Authorization")) {
            storageRequestsWithToken.incrementAndGet();
        }
        exchange.getRequestBody().readAllBytes();
        String file = path.substring("/storage/".length());
        int dot = file.lastIndexOf('.');
        SimulatedRecording recording = dot > 0 ? recordings.byId.get(file.substring(0, dot)) : null;
        String extension = dot > 0 ? file.substring(dot + 1) : "";
        Map<String, List<String>> query = query(exchange.getRequestURI().getRawQuery());
        String expires = first(query, "expires");
        if (recording == null || !recording.hasMedia() || expires == null
                || !signature(recording.id, extension, expires, mediaEpoch.get()).equals(first(query, "sig"))
                || clock.instant().getEpochSecond() >= Long.parseLong(expires)) {
            recordingRequests.incrementAndGet();
            byte[] body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code></Error>"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/xml");
            exchange.sendResponseHeaders(403, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            return;
        }
        sendMedia(exchange, recording, "mp4".equals(extension) ? MediaTypes.VIDEO : MediaTypes.AUDIO);
    }

    private void sendMedia(HttpExchange exchange, SimulatedRecording recording, String contentType) throws IOException {
        long request = recordingRequests.incrementAndGet();
        int size = recordingBytes;
        boolean truncate = pendingTruncations.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0
                || (truncateEvery > 0 && request % truncateEvery == 0);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, size);
        OutputStream out = exchange.getResponseBody();
        byte[] chunk = new byte[8192];
        SplittableRandom bytes = new SplittableRandom(recording.seed + 2);
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
            throw new IOException("recording " + recording.id + " truncated on purpose after " + limit + " of " + size + " bytes");
        }
        out.close();
        recordingsServed.incrementAndGet();
    }

    // ---- Grain's shapes ----

    private ObjectNode recording(SimulatedRecording recording, boolean withParticipants, long listing) {
        ObjectNode node = json.createObjectNode();
        node.put("id", recording.id);
        node.put("title", "Customer call #" + (recording.index + 1));
        node.put("start_datetime", recording.started.toString());
        node.put("end_datetime", recording.started.plusMillis(recording.durationMillis).toString());
        node.put("duration_ms", recording.durationMillis);
        node.put("media_type", recording.mediaType);
        node.put("source", recording.index % 2 == 0 ? "zoom" : "meet");
        node.put("url", "https://grain.com/share/recording/" + recording.id + "/" + Long.toHexString(recording.seed));
        // signed per listing, like a CDN thumbnail: must not reach the raw metadata
        node.put("thumbnail_url", "https://media.grain.example/thumbs/" + recording.id + ".jpg?sig=" + listing);
        node.putArray("tags").add("discovery");
        node.putArray("teams");
        node.putNull("meeting_type");
        if (withParticipants) {
            ArrayNode participants = node.putArray("participants");
            for (Person person : participants(recording)) {
                ObjectNode entry = participants.addObject();
                entry.put("id", person.id);
                entry.put("name", person.name);
                entry.put("email", person.email);
                entry.put("scope", person.scope);
                entry.put("confirmed_attendee", true);
                entry.put("observed_join_time", recording.started.toString());
                entry.put("observed_leave_time", recording.started.plusMillis(recording.durationMillis).toString());
            }
        }
        return node;
    }

    private static List<Person> participants(SimulatedRecording recording) {
        SplittableRandom random = new SplittableRandom(recording.seed);
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < recording.participantCount(); i++) {
            String first = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)];
            String last = LAST_NAMES[random.nextInt(LAST_NAMES.length)];
            String scope = i == 0 ? "internal" : i == 3 ? "unknown" : "external";
            // Grain knows no email for some participants (e.g. dial-ins)
            String email = i == 2 ? null : (first + "." + last + i).toLowerCase(Locale.ROOT)
                    + (i == 0 ? "@seller.example" : "@buyer.example");
            people.add(new Person(new UUID(recording.seed, i).toString(), first + " " + last, email, scope));
        }
        return people;
    }

    private Reply error(int status, String message, Map<String, String> headers) {
        ObjectNode body = json.createObjectNode();
        body.put("message", message);
        return new Reply(status, body, headers, null);
    }

    private Reply rateLimitedReply(Duration wait, Map<String, String> headers) {
        rateLimited.incrementAndGet();
        Map<String, String> limited = new LinkedHashMap<>(headers);
        limited.put("x-ratelimit-remaining", "0");
        limited.put("Retry-After", Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000)));
        return error(429, "Too many requests", limited);
    }

    private void tally(String kind) {
        requestsByKind.computeIfAbsent(kind, key -> new AtomicLong()).incrementAndGet();
    }

    private String signature(String id, String extension, String expires, int epoch) {
        byte[] digest = sha256().digest((signingSalt + "|" + id + "|" + extension + "|" + expires + "|" + epoch)
                .getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }

    private static SeededCall describe(SimulatedRecording recording) {
        return new SeededCall(recording.id, recording.started, false, recording.participantCount(),
                recording.hasTranscript ? recording.segmentCount() : 0, recording.hasMedia());
    }

    private static Instant instant(String value) {
        return value == null ? null : OffsetDateTime.parse(value).toInstant();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isMissingNode() ? null : value.asString();
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

    /** The content types Grain's storage answers with. */
    private static final class MediaTypes {
        static final String VIDEO = "video/mp4";
        static final String AUDIO = "audio/mpeg";
    }

    /** An answer: JSON (or none, for a redirect), or the media of a recording streamed by the API itself. */
    private record Reply(int status, JsonNode body, Map<String, String> headers, SimulatedRecording media) {
    }

    private record Person(String id, String name, String email, String scope) {
    }

    private static final class BadRequest extends IllegalArgumentException {
        BadRequest(String message) {
            super(message);
        }
    }

    /** A seeded recording; everything else about it is derived from {@code seed} when served. */
    private record SimulatedRecording(String id, Instant started, int durationMillis, String mediaType, boolean hasTranscript,
                                      long seed, int index) {
        boolean hasMedia() {
            return !mediaType.equals("transcript");
        }

        int participantCount() {
            return 2 + (int) Math.floorMod(seed, 3L);
        }

        int segmentCount() {
            return 2 + (int) Math.floorMod(seed >>> 8, 6L);
        }
    }

    /** The seeded recordings, newest first as Grain lists them, with an index by id. */
    private static final class Recordings {
        static final Recordings NONE = new Recordings(List.of());

        final List<SimulatedRecording> newestFirst;
        final List<SimulatedRecording> byStart;
        final Map<String, SimulatedRecording> byId = new HashMap<>();

        Recordings(List<SimulatedRecording> recordings) {
            this.byStart = recordings.stream().sorted(Comparator.comparing(SimulatedRecording::started)).toList();
            this.newestFirst = byStart.reversed();
            recordings.forEach(recording -> byId.put(recording.id, recording));
        }

        /** Recordings whose start the filter admits, its ends read as {@code bounds}; a null bound is open. */
        List<SimulatedRecording> startedBetween(Instant after, Instant before, WindowBounds bounds) {
            return newestFirst.stream().filter(recording -> bounds.admits(recording.started, after, before)).toList();
        }
    }

    /**
     * Grain's limit read as strictly as its documentation allows: at most {@code requests} answered requests in any
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
