package com.callimport.connectors.gong;

import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connector.testkit.RecordedExchange;
import com.callimport.connector.testkit.ScriptedMeeting;
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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory Gong public API v2 on loopback, as much of it as the connector uses: {@code GET /v2/calls},
 * {@code POST /v2/calls/extensive}, {@code POST /v2/calls/transcript}, {@code GET /v2/users}, and a
 * storage path {@code /media/{callId}.mp3?expires=…&n=…&sig=…} standing in for Gong's pre-signed S3
 * media URLs (re-signed on every listing, valid 8 hours, 403 once expired). Responses follow Gong's
 * schema (checked against Gong's OpenAPI document in {@code GongSpecConformanceIntegrationTest}).
 *
 * <p>Calls are seeded deterministically; their parties, transcripts and recording bytes are derived
 * from a per-call seed when served, so that a large seed stays small in memory. A thread-safe fault
 * script (429s, 5xx, truncated downloads, slow answers, expired cursors, refused credentials, Gong's
 * real rate limits) serves the tests and the benchmark. Nothing here sleeps unless a slow answer was asked for.
 */
public final class GongSimulator implements VendorSimulator {
    public static final String ACCESS_KEY = "sim-access-key";
    public static final String ACCESS_KEY_SECRET = "sim-access-key-secret";
    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int DEFAULT_RECORDING_BYTES = 32 * 1024;
    static final Duration MEDIA_URL_VALIDITY = Duration.ofHours(8);

    private static final DateTimeFormatter GONG_TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    // Gong reports times in the company's zone; an offset other than Z keeps the connector's parsing honest
    private static final ZoneOffset COMPANY_ZONE = ZoneOffset.ofHours(-8);
    private static final String[] DIRECTIONS = {"Outbound", "Inbound", "Conference", "Unknown"};
    private static final String[] FIRST_NAMES = {"Avery", "Blake", "Casey", "Devon", "Emery", "Finley", "Harper", "Jordan"};
    private static final String[] LAST_NAMES = {"Nguyen", "Okafor", "Schmidt", "Tanaka", "Rossi", "Silva", "Kowalski"};
    private static final String[] SENTENCES = {
            "Thanks for making the time today.", "Could you walk me through your current process?",
            "We import around two thousand calls a week.", "Pricing depends on the number of seats.",
            "Let me share my screen for a moment.", "That integration is on our roadmap.",
            "Can we schedule a follow-up next Tuesday?", "I will send the proposal by Friday."};

    static {
        // the JDK server leaves Nagle on by default; with a recording written in chunks, the client's delayed
        // ACK then costs ~40 ms per download. Read once, when the first HttpServer of the JVM starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();
    private final String signingSalt = Long.toHexString(System.nanoTime());

    private volatile Calls calls = Calls.NONE;
    private volatile WindowBounds windowBounds = WindowBounds.HALF_OPEN;
    private volatile int pageSize = DEFAULT_PAGE_SIZE;
    private volatile int recordingBytes = DEFAULT_RECORDING_BYTES;
    private volatile boolean playableRecordings;
    private volatile String expectedAuthorization = basic(ACCESS_KEY, ACCESS_KEY_SECRET);
    private volatile boolean rejectCredentials;
    private volatile URI mediaLinksBase;
    private volatile Duration responseDelay = Duration.ZERO;
    private volatile CountDownLatch responseGate;
    private volatile int rateLimitEvery;
    private volatile Duration rateLimitRetryAfter = Duration.ofSeconds(1);
    private volatile int failEvery;
    private volatile int failEveryStatus = 500;
    private volatile int truncateEvery;
    private volatile int expireCursorsAfterRequests;
    private volatile boolean recordExchanges;
    private volatile RateLimits enforcedLimits;
    // kept across reset(): a simulator started for Gong Engage's contract suite lists dialer calls only
    private volatile double dialerShare;

    private final AtomicInteger cursorEpoch = new AtomicInteger();
    private final AtomicLong listings = new AtomicLong();
    private final AtomicLong apiRequests = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicReference<Instant> firstApiRequestAt = new java.util.concurrent.atomic.AtomicReference<>();
    private volatile Instant lastApiRequestAt;
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong serverErrors = new AtomicLong();
    private final AtomicLong recordingsServed = new AtomicLong();
    private final AtomicLong recordingsTruncated = new AtomicLong();
    private final AtomicLong recordingRequests = new AtomicLong();
    private final AtomicLong recordingRequestsWithAuthorization = new AtomicLong();
    private final Map<String, AtomicLong> requestsByPath = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Duration> pendingRateLimits = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> pendingFailures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger pendingTruncations = new AtomicInteger();
    private final List<RecordedExchange> exchanges = Collections.synchronizedList(new ArrayList<>());

    private GongSimulator(Clock clock) throws IOException {
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a simulator on a free loopback port, with the system clock. */
    public static GongSimulator start() {
        return start(Clock.systemUTC());
    }

    /** Starts a simulator whose media URLs and rate limits follow {@code clock}. */
    public static GongSimulator start(Clock clock) {
        try {
            return new GongSimulator(clock);
        } catch (IOException failure) {
            throw new IllegalStateException("could not bind the Gong simulator to a loopback port", failure);
        }
    }

    // ---- VendorSimulator ----

    @Override
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Reads the ends of the listing's time filter as {@code bounds} until {@link #reset()}. */
    @Override
    public void readWindowBoundsAs(WindowBounds bounds) {
        windowBounds = java.util.Objects.requireNonNull(bounds, "bounds");
    }

    @Override
    public void reset() {
        calls = Calls.NONE;
        mediaLinksBase = null;
        windowBounds = WindowBounds.HALF_OPEN;
        pageSize = DEFAULT_PAGE_SIZE;
        recordingBytes = DEFAULT_RECORDING_BYTES;
        playableRecordings = false;
        expectedAuthorization = basic(ACCESS_KEY, ACCESS_KEY_SECRET);
        rejectCredentials = false;
        responseDelay = Duration.ZERO;
        releaseResponses();
        rateLimitEvery = 0;
        failEvery = 0;
        truncateEvery = 0;
        expireCursorsAfterRequests = 0;
        recordExchanges = false;
        enforcedLimits = null;
        cursorEpoch.incrementAndGet();
        for (AtomicLong counter : List.of(apiRequests, rateLimited, serverErrors, recordingsServed, recordingsTruncated,
                recordingRequests, recordingRequestsWithAuthorization)) {
            counter.set(0);
        }
        requestsByPath.clear();
        pendingRateLimits.clear();
        pendingFailures.clear();
        pendingTruncations.set(0);
        exchanges.clear();
    }

    /**
     * Adds calls to those already seeded, as new calls arrive at a live account (for sync tests); the
     * existing calls keep their ids and content.
     */
    public List<SeededCall> addCalls(int count, DateWindow window, CallMix mix, long randomSeed) {
        Calls before = calls;
        List<SeededCall> added = seed(count, window, mix, randomSeed);
        List<SimulatedCall> merged = new ArrayList<>(before.sorted);
        merged.addAll(calls.sorted);
        calls = new Calls(merged);
        cursorEpoch.incrementAndGet();
        return added;
    }

    /**
     * From now on, this share of the calls (spread evenly, kept across {@link #reset()}) were placed by Gong's dialer (Gong
     * Engage): system "Gong Dialer", outbound, audio, with an SDR disposition.
     */
    public void useDialerShare(double share) {
        dialerShare = share;
    }

    /** The ids of the calls Gong's dialer placed. */
    public Set<String> dialerCallIds() {
        Set<String> ids = new LinkedHashSet<>();
        calls.sorted.stream().filter(this::dialer).forEach(call -> ids.add(call.id()));
        return ids;
    }

    private boolean dialer(SimulatedCall call) {
        return CallMix.falls(call.index(), dialerShare, 13);
    }

    /** Gives a call that had no media a recording, as Gong does once it has processed the call. */
    public void attachRecording(String callId) {
        List<SimulatedCall> updated = new ArrayList<>();
        for (SimulatedCall call : calls.sorted) {
            updated.add(!call.id().equals(callId) ? call : new SimulatedCall(call.id(), call.started(), call.durationSeconds(),
                    call.isPrivate(), true, call.video(), call.hasTranscript(), call.seed(), call.index(), call.script()));
        }
        calls = new Calls(updated);
    }

    @Override
    public List<SeededCall> seed(int count, DateWindow window, CallMix mix, long randomSeed) {
        if (count < 0) {
            throw new IllegalArgumentException("cannot seed " + count + " calls");
        }
        SplittableRandom random = new SplittableRandom(randomSeed);
        long windowMillis = window.length().toMillis();
        Set<String> ids = new LinkedHashSet<>();
        List<SimulatedCall> seeded = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String id;
            do {
                id = Long.toString(random.nextLong(1_000_000_000_000_000_000L, 9_000_000_000_000_000_000L));
            } while (!ids.add(id));
            long slot = windowMillis / Math.max(1, count);
            Instant started = window.from().plusMillis(windowMillis * i / Math.max(1, count) + random.nextLong(Math.max(1, slot / 2)));
            boolean withoutRecording = CallMix.falls(i, mix.withoutRecordingShare(), 7);
            boolean withoutTranscript = withoutRecording || CallMix.falls(i, mix.withoutTranscriptShare(), 11);
            seeded.add(new SimulatedCall(id, started, 60 + random.nextInt(3_540), CallMix.falls(i, mix.privateShare(), 3),
                    !withoutRecording, i % 3 == 0, !withoutTranscript, random.nextLong(), i, null));
        }
        calls = new Calls(seeded);
        cursorEpoch.incrementAndGet();
        return seeded.stream().map(this::describe).toList();
    }

    /**
     * Adds a video meeting as the script tells it (title, start, length, parties), with a recording and a transcript, to
     * the calls already seeded.
     */
    public SeededCall addMeeting(ScriptedMeeting meeting) {
        Calls before = calls;
        String id = Long.toString(new SplittableRandom(meeting.hashCode()).nextLong(1_000_000_000_000_000_000L, 9_000_000_000_000_000_000L));
        SimulatedCall call = new SimulatedCall(id, meeting.startedAt(), (int) meeting.duration().toSeconds(), false, true, true, true,
                meeting.hashCode(), before.sorted.size(), meeting);
        List<SimulatedCall> merged = new ArrayList<>(before.sorted);
        merged.add(call);
        calls = new Calls(merged);
        cursorEpoch.incrementAndGet();
        return describe(call);
    }

    /** Seeds with {@link CallMix#TYPICAL}: ~5% private calls, ~10% without media. */
    public List<SeededCall> seed(int count, DateWindow window, long randomSeed) {
        return seed(count, window, CallMix.TYPICAL, randomSeed);
    }

    @Override
    public void usePageSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a page holds at least one call, not " + size);
        }
        pageSize = size;
    }

    @Override
    public String recordingSha256(String callId) {
        MessageDigest digest = sha256();
        SimulatedCall call = calls.byId.get(callId);
        if (call == null || !call.hasMedia) {
            throw new IllegalArgumentException("call " + callId + " has no recording in the simulator");
        }
        byte[] chunk = new byte[8192];
        SplittableRandom bytes = new SplittableRandom(call.seed + 2);
        for (int written = 0; written < recordingBytes; written += chunk.length) {
            int length = Math.min(chunk.length, recordingBytes - written);
            fill(bytes, chunk, length);
            if (written == 0 && playableRecordings && recordingBytes >= 44) {
                wavHeader(chunk, recordingBytes);
            }
            digest.update(chunk, 0, length);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** When the first API request since start or {@link #reset()} arrived (wall clock, for benchmarks); null before any. */
    public Instant firstApiRequestAt() {
        return firstApiRequestAt.get();
    }

    /** When the latest API request arrived (wall clock, for benchmarks); null before any. */
    public Instant lastApiRequestAt() {
        return lastApiRequestAt;
    }

    /** Forgets the first request's time, so that the next request starts a new measured stretch. */
    public void markApiRequestTimes() {
        firstApiRequestAt.set(null);
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

    // ---- Gong-specific seeding and assertions ----

    /** The calls a connector should import: all, or all but the private ones. */
    public Set<String> eligibleCallIds(boolean includePrivate) {
        Set<String> ids = new LinkedHashSet<>();
        for (SimulatedCall call : calls.sorted) {
            if (includePrivate || !call.isPrivate) {
                ids.add(call.id);
            }
        }
        return ids;
    }

    /** The calls that have media, i.e. a recording to download. */
    public Set<String> callsWithRecording() {
        Set<String> ids = new LinkedHashSet<>();
        for (SimulatedCall call : calls.sorted) {
            if (call.hasMedia) {
                ids.add(call.id);
            }
        }
        return ids;
    }

    /** Size of every recording served from now on. */
    public void useRecordingSize(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("a recording has at least one byte, not " + bytes);
        }
        recordingBytes = bytes;
    }

    /**
     * Recordings served from now on are WAV files (8 kHz, 8-bit mono noise: one second per 8,000 bytes) that a
     * browser's player can decode and seek in, instead of random bytes; their SHA-256 follows.
     */
    public void usePlayableRecordings() {
        playableRecordings = true;
    }

    /** A RIFF/WAVE header for {@code size} bytes in all, written over the first 44 bytes of {@code chunk}. */
    private static void wavHeader(byte[] chunk, int size) {
        java.nio.ByteBuffer header = java.nio.ByteBuffer.wrap(chunk, 0, 44).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(size - 8).put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(8_000).putInt(8_000).putShort((short) 1).putShort((short) 8)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(size - 44);
    }

    /** The access key and secret accepted from now on (default {@link #ACCESS_KEY} / {@link #ACCESS_KEY_SECRET}). */
    public void acceptCredentials(String accessKey, String accessKeySecret) {
        expectedAuthorization = basic(accessKey, accessKeySecret);
    }

    // ---- fault script ----

    /** Answers every {@code n}th API request (0: none) with 429 and {@code Retry-After}. */
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

    /** Hands out media links on {@code base} instead of on this simulator, as a tampered or misdirected answer would. */
    public void handOutMediaLinksOn(URI base) {
        mediaLinksBase = base;
    }

    /** Delays every answer (API and storage) by {@code delay}; the only way this simulator ever sleeps. */
    public void delayResponses(Duration delay) {
        responseDelay = delay;
    }

    /**
     * Keeps every answer (API and storage) waiting until {@link #releaseResponses()}, so that a test can look at an
     * import midway for as long as it needs without racing it to the end.
     */
    public void holdResponses() {
        responseGate = new CountDownLatch(1);
    }

    /** Lets held and later answers go. */
    public void releaseResponses() {
        CountDownLatch gate = responseGate;
        responseGate = null;
        if (gate != null) {
            gate.countDown();
        }
    }

    /** Answers 400 "cursor has expired" for a cursor issued more than {@code requests} API requests ago (0: never). */
    public void expireCursorsAfter(int requests) {
        expireCursorsAfterRequests = requests;
    }

    /** Expires every cursor issued so far. */
    public void expireAllCursors() {
        cursorEpoch.incrementAndGet();
    }

    /** Enforces Gong's documented limits, 3 requests in any rolling second and 10,000 in any rolling day, with 429 + Retry-After. */
    public void enforceGongRateLimits() {
        enforceRateLimits(3, 10_000);
    }

    /** Enforces at most {@code perSecond} requests in any rolling second and {@code perDay} in any rolling day, on the simulator's clock. */
    public void enforceRateLimits(int perSecond, int perDay) {
        enforcedLimits = new RateLimits(perSecond, perDay, clock);
    }

    /** Keeps every API exchange from now on, for checks against Gong's OpenAPI document. */
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

    /** Recordings sent in full. */
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

    /** Storage requests that carried an Authorization header, which a pre-signed URL must not get. */
    public long recordingRequestsWithAuthorization() {
        return recordingRequestsWithAuthorization.get();
    }

    /** API requests received for one path, e.g. {@code /v2/calls/transcript}. */
    public long requestsTo(String path) {
        AtomicLong counter = requestsByPath.get(path);
        return counter == null ? 0 : counter.get();
    }

    // ---- serving ----

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Duration delay = responseDelay;
            if (!delay.isZero()) {
                Thread.sleep(delay);
            }
            CountDownLatch gate = responseGate;
            if (gate != null) {
                gate.await();
            }
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/media/")) {
                serveRecording(exchange, path);
            } else {
                serveApi(exchange, path);
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    private void serveApi(HttpExchange exchange, String path) throws IOException {
        long requestNumber = apiRequests.incrementAndGet();
        Instant arrived = Instant.now();
        firstApiRequestAt.compareAndSet(null, arrived);
        lastApiRequestAt = arrived;
        requestsByPath.computeIfAbsent(path, key -> new AtomicLong()).incrementAndGet();
        byte[] requestBody = exchange.getRequestBody().readAllBytes();
        Map<String, List<String>> query = query(exchange.getRequestURI().getRawQuery());
        Reply reply = answer(exchange, path, query, requestBody, requestNumber);
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
        exchange.sendResponseHeaders(reply.status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private Reply answer(HttpExchange exchange, String path, Map<String, List<String>> query, byte[] body, long requestNumber) {
        String requestId = "sim-" + requestNumber;
        if (rejectCredentials || !expectedAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return error(401, requestId, "Access denied: the access key or secret is wrong");
        }
        RateLimits limits = enforcedLimits;
        if (limits != null) {
            Duration wait = limits.take();
            if (wait != null) {
                return rateLimitedReply(requestId, wait);
            }
        }
        Duration limitedFor = pendingRateLimits.isEmpty() ? null : pollFirst(pendingRateLimits);
        if (limitedFor == null && rateLimitEvery > 0 && requestNumber % rateLimitEvery == 0) {
            limitedFor = rateLimitRetryAfter;
        }
        if (limitedFor != null) {
            return rateLimitedReply(requestId, limitedFor);
        }
        Integer failure = pendingFailures.isEmpty() ? null : pollFirst(pendingFailures);
        if (failure == null && failEvery > 0 && requestNumber % failEvery == 0) {
            failure = failEveryStatus;
        }
        if (failure != null) {
            serverErrors.incrementAndGet();
            return error(failure, requestId, "Failed to complete the operation due to an unexpected error");
        }
        String method = exchange.getRequestMethod();
        try {
            return switch (method + " " + path) {
                case "GET /v2/calls" -> listBasic(requestId, query, requestNumber);
                case "POST /v2/calls/extensive" -> listExtensive(requestId, json.readTree(body), requestNumber);
                case "POST /v2/calls/transcript" -> listTranscripts(requestId, json.readTree(body), requestNumber);
                case "GET /v2/users" -> listUsers(requestId);
                default -> error(404, requestId, "No such endpoint: " + method + " " + path);
            };
        } catch (JacksonException | DateTimeParseException | BadRequest malformed) {
            return error(400, requestId, malformed.getMessage());
        }
    }

    private Reply listBasic(String requestId, Map<String, List<String>> query, long requestNumber) {
        Instant from = instant(first(query, "fromDateTime"));
        Instant to = instant(first(query, "toDateTime"));
        List<SimulatedCall> selected = calls.between(from, to, windowBounds);
        if (selected.isEmpty()) {
            return error(404, requestId, "No calls found corresponding to the provided filters");
        }
        String filterKey = "basic|" + from + "|" + to;
        Slice slice = slice(selected, first(query, "cursor"), filterKey, requestNumber);
        if (slice.expired) {
            return error(400, requestId, "cursor has expired");
        }
        ObjectNode reply = envelope(requestId, selected.size(), slice);
        ArrayNode out = reply.putArray("calls");
        slice.calls.forEach(call -> out.add(metaData(call)));
        return new Reply(200, reply, Map.of());
    }

    private Reply listExtensive(String requestId, JsonNode request, long requestNumber) {
        JsonNode filter = request.path("filter");
        List<SimulatedCall> selected = select(filter);
        if (selected.isEmpty()) {
            return error(404, requestId, "No calls found corresponding to the provided filters");
        }
        // Gong reads the cursor from the body only; a cursor in the query string is ignored (page 1 again)
        Slice slice = slice(selected, text(request, "cursor"), "extensive|" + filter, requestNumber);
        if (slice.expired) {
            return error(400, requestId, "cursor has expired");
        }
        JsonNode selector = request.path("contentSelector");
        JsonNode exposed = selector.path("exposedFields");
        String context = selector.path("context").asString("None");
        long listing = listings.incrementAndGet();
        ObjectNode reply = envelope(requestId, selected.size(), slice);
        ArrayNode out = reply.putArray("calls");
        for (SimulatedCall call : slice.calls) {
            ObjectNode data = out.addObject();
            data.set("metaData", metaData(call));
            if (!"None".equals(context)) {
                data.set("context", callContext(call, "Extended".equals(context)));
            }
            if (exposed.path("parties").asBoolean(false)) {
                data.set("parties", parties(call));
            }
            if (exposed.path("media").asBoolean(false) && call.hasMedia) {
                ObjectNode media = data.putObject("media");
                media.put("audioUrl", mediaUrl(call, "mp3", listing));
                if (call.video) {
                    media.put("videoUrl", mediaUrl(call, "mp4", listing));
                }
            }
        }
        return new Reply(200, reply, Map.of());
    }

    private Reply listTranscripts(String requestId, JsonNode request, long requestNumber) {
        JsonNode filter = request.path("filter");
        List<SimulatedCall> selected = select(filter);
        if (selected.isEmpty()) {
            return error(404, requestId, "No calls found corresponding to the provided filters");
        }
        List<SimulatedCall> transcribed = selected.stream().filter(call -> call.hasTranscript).toList();
        Slice slice = slice(transcribed, text(request, "cursor"), "transcript|" + filter, requestNumber);
        if (slice.expired) {
            return error(400, requestId, "cursor has expired");
        }
        ObjectNode reply = envelope(requestId, transcribed.size(), slice);
        ArrayNode out = reply.putArray("callTranscripts");
        for (SimulatedCall call : slice.calls) {
            ObjectNode transcript = out.addObject();
            transcript.put("callId", call.id);
            transcript.set("transcript", monologues(call));
        }
        return new Reply(200, reply, Map.of());
    }

    private Reply listUsers(String requestId) {
        ObjectNode reply = json.createObjectNode();
        reply.put("requestId", requestId);
        ObjectNode records = reply.putObject("records");
        records.put("totalRecords", 2);
        records.put("currentPageSize", 2);
        records.put("currentPageNumber", 0);
        ArrayNode users = reply.putArray("users");
        for (int i = 0; i < 2; i++) {
            ObjectNode user = users.addObject();
            user.put("id", "23456789" + i);
            user.put("emailAddress", FIRST_NAMES[i].toLowerCase(Locale.ROOT) + "@seller.example");
            user.put("firstName", FIRST_NAMES[i]);
            user.put("lastName", LAST_NAMES[i]);
            user.put("active", true);
            user.put("created", "2024-01-15T09:00:00-08:00");
        }
        return new Reply(200, reply, Map.of());
    }

    private void serveRecording(HttpExchange exchange, String path) throws IOException {
        recordingRequests.incrementAndGet();
        if (exchange.getRequestHeaders().containsKey("Authorization")) {
            recordingRequestsWithAuthorization.incrementAndGet();
        }
        exchange.getRequestBody().readAllBytes();
        String file = path.substring("/media/".length());
        int dot = file.lastIndexOf('.');
        Map<String, List<String>> query = query(exchange.getRequestURI().getRawQuery());
        SimulatedCall call = dot > 0 ? calls.byId.get(file.substring(0, dot)) : null;
        String extension = dot > 0 ? file.substring(dot + 1) : "";
        String expires = first(query, "expires");
        String listing = first(query, "n");
        if (call == null || !call.hasMedia || expires == null || listing == null
                || !signature(call.id, extension, expires, listing).equals(first(query, "sig"))) {
            storageRefusal(exchange, "SignatureDoesNotMatch");
            return;
        }
        if (clock.instant().getEpochSecond() > Long.parseLong(expires)) {
            storageRefusal(exchange, "AccessDenied: Request has expired");
            return;
        }
        int size = recordingBytes;
        boolean truncate = pendingTruncations.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0
                || (truncateEvery > 0 && recordingRequests.get() % truncateEvery == 0);
        exchange.getResponseHeaders().set("Content-Type", "mp4".equals(extension) ? "video/mp4" : "audio/mpeg");
        exchange.sendResponseHeaders(200, size);
        OutputStream out = exchange.getResponseBody();
        byte[] chunk = new byte[8192];
        SplittableRandom bytes = new SplittableRandom(call.seed + 2);
        int limit = truncate ? size / 2 : size;
        for (int written = 0; written < limit; written += chunk.length) {
            int length = Math.min(chunk.length, size - written);
            fill(bytes, chunk, length);
            if (written == 0 && playableRecordings && size >= 44) {
                wavHeader(chunk, size);
            }
            out.write(chunk, 0, Math.min(length, limit - written));
        }
        out.flush();
        if (truncate) {
            recordingsTruncated.incrementAndGet();
            // a handler that fails makes the JDK server drop the connection at once, like a cut download
            throw new IOException("recording of call " + call.id + " truncated on purpose after " + limit + " of " + size + " bytes");
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

    // ---- Gong's shapes ----

    private ObjectNode metaData(SimulatedCall call) {
        ObjectNode meta = json.createObjectNode();
        meta.put("id", call.id);
        meta.put("url", "https://app.gong.io/call?id=" + call.id);
        meta.put("title", call.script != null ? call.script.title() : "Discovery call #" + (call.index + 1));
        meta.put("scheduled", GONG_TIME.format(call.started.minusSeconds(120).atOffset(COMPANY_ZONE)));
        meta.put("started", GONG_TIME.format(call.started.atOffset(COMPANY_ZONE)));
        meta.put("duration", call.durationSeconds);
        meta.put("primaryUserId", "234567890");
        meta.put("direction", dialer(call) ? "Outbound" : call.script != null ? "Conference" : DIRECTIONS[call.index % DIRECTIONS.length]);
        meta.put("system", dialer(call) ? "Gong Dialer" : "Zoom");
        if (dialer(call)) {
            meta.put("title", "Dialer call #" + (call.index + 1));
            meta.put("sdrDisposition", "Connected");
        }
        meta.put("scope", "External");
        if (call.hasMedia) {
            meta.put("media", call.video ? "Video" : "Audio");
        }
        meta.put("language", "eng");
        meta.put("workspaceId", "5151515151");
        meta.put("meetingUrl", "https://zoom.example/j/" + call.id.substring(0, 10));
        meta.put("isPrivate", call.isPrivate);
        return meta;
    }

    private ArrayNode callContext(SimulatedCall call, boolean extended) {
        ArrayNode context = json.createArrayNode();
        ObjectNode crm = context.addObject();
        crm.put("system", "Salesforce");
        ObjectNode object = crm.putArray("objects").addObject();
        object.put("objectType", "Opportunity");
        object.put("objectId", "006" + call.id.substring(0, 12));
        if (extended) {
            ObjectNode field = object.putArray("fields").addObject();
            field.put("name", "StageName");
            field.putObject("value");
        }
        return context;
    }

    private ArrayNode parties(SimulatedCall call) {
        ArrayNode parties = json.createArrayNode();
        SplittableRandom random = new SplittableRandom(call.seed);
        int count = call.participantCount();
        for (int i = 0; i < count; i++) {
            String first = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)];
            String last = LAST_NAMES[random.nextInt(LAST_NAMES.length)];
            ScriptedMeeting.Attendee scripted = call.script == null ? null : call.script.attendees().get(i);
            boolean internal = scripted == null ? i == 0 : scripted.internal();
            ObjectNode party = parties.addObject();
            party.put("id", call.id.substring(0, 12) + i);
            party.put("name", scripted != null ? scripted.name() : first + " " + last);
            party.put("emailAddress", scripted != null ? scripted.email() : (first + "." + last).toLowerCase(Locale.ROOT)
                    + (internal ? "@seller.example" : "@buyer.example"));
            party.put("title", internal ? "Account Executive" : "Operations Lead");
            if (internal) {
                party.put("userId", "234567890");
            }
            if (i < 2) {
                // Gong gives a speakerId only to parties who spoke
                party.put("speakerId", speakerId(call, i));
            }
            party.putArray("context");
            party.put("affiliation", internal ? "Internal" : (i == 3 ? "Unknown" : "External"));
            if (i == 1) {
                party.put("phoneNumber", "+1415555" + String.format("%04d", random.nextInt(10_000)));
            }
            party.putArray("methods").add("Invitee").add("Attendee");
        }
        return parties;
    }

    private ArrayNode monologues(SimulatedCall call) {
        ArrayNode monologues = json.createArrayNode();
        SplittableRandom random = new SplittableRandom(call.seed + 1);
        long at = 500;
        int count = call.monologueCount();
        for (int m = 0; m < count; m++) {
            ObjectNode monologue = monologues.addObject();
            monologue.put("speakerId", speakerId(call, m % 2));
            monologue.put("topic", m == 0 ? "Introduction" : "Discussion");
            ArrayNode sentences = monologue.putArray("sentences");
            for (int s = 0; s < call.sentencesIn(m); s++) {
                long length = 1_500 + random.nextInt(4_000);
                ObjectNode sentence = sentences.addObject();
                sentence.put("start", at);
                sentence.put("end", at + length);
                sentence.put("text", SENTENCES[random.nextInt(SENTENCES.length)]);
                at += length + 200;
            }
        }
        return monologues;
    }

    private static String speakerId(SimulatedCall call, int party) {
        return Long.toString(Math.abs(call.seed % 1_000_000_000L) * 10 + party);
    }

    private ObjectNode envelope(String requestId, int total, Slice slice) {
        ObjectNode reply = json.createObjectNode();
        reply.put("requestId", requestId);
        ObjectNode records = reply.putObject("records");
        records.put("totalRecords", total);
        records.put("currentPageSize", slice.calls.size());
        records.put("currentPageNumber", slice.pageNumber);
        if (slice.nextCursor != null) {
            // Gong sends a cursor only when another page exists
            records.put("cursor", slice.nextCursor);
        }
        return reply;
    }

    private Reply error(int status, String requestId, String message) {
        ObjectNode body = json.createObjectNode();
        body.put("requestId", requestId);
        body.putArray("errors").add(message);
        return new Reply(status, body, Map.of());
    }

    private Reply rateLimitedReply(String requestId, Duration retryAfter) {
        rateLimited.incrementAndGet();
        ObjectNode body = json.createObjectNode();
        body.put("requestId", requestId);
        body.putArray("errors").add("API request limit exceeded");
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return new Reply(429, body, Map.of("Retry-After", Long.toString(seconds)));
    }

    private List<SimulatedCall> select(JsonNode filter) {
        if (!filter.isObject()) {
            throw new BadRequest("filter is required");
        }
        Instant from = filter.has("fromDateTime") ? instant(filter.path("fromDateTime").asString()) : null;
        Instant to = filter.has("toDateTime") ? instant(filter.path("toDateTime").asString()) : null;
        List<SimulatedCall> inWindow = calls.between(from, to, windowBounds);
        if (!filter.has("callIds")) {
            return inWindow;
        }
        Set<String> wanted = new LinkedHashSet<>();
        filter.path("callIds").forEach(id -> wanted.add(id.asString()));
        return inWindow.stream().filter(call -> wanted.contains(call.id)).toList();
    }

    private Slice slice(List<SimulatedCall> selected, String cursor, String filterKey, long requestNumber) {
        int offset = 0;
        int pageNumber = 0;
        if (cursor != null && !cursor.isEmpty()) {
            String[] parts;
            try {
                parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            } catch (IllegalArgumentException malformed) {
                throw new BadRequest("cursor is invalid");
            }
            if (parts.length != 5 || !parts[0].equals(Integer.toHexString(filterKey.hashCode()))) {
                throw new BadRequest("cursor does not belong to this request; keep every other input identical between pages");
            }
            int expireAfter = expireCursorsAfterRequests;
            boolean expired = Integer.parseInt(parts[4]) != cursorEpoch.get()
                    || (expireAfter > 0 && requestNumber - Long.parseLong(parts[3]) > expireAfter);
            if (expired) {
                return new Slice(List.of(), 0, null, true);
            }
            offset = Integer.parseInt(parts[1]);
            pageNumber = Integer.parseInt(parts[2]);
        }
        int size = pageSize;
        int end = Math.min(selected.size(), offset + size);
        String next = end < selected.size()
                ? Base64.getUrlEncoder().withoutPadding().encodeToString((Integer.toHexString(filterKey.hashCode()) + "|" + end
                + "|" + (pageNumber + 1) + "|" + requestNumber + "|" + cursorEpoch.get()).getBytes(StandardCharsets.UTF_8))
                : null;
        return new Slice(selected.subList(Math.min(offset, selected.size()), end), pageNumber, next, false);
    }

    private String mediaUrl(SimulatedCall call, String extension, long listing) {
        String expires = Long.toString(clock.instant().plus(MEDIA_URL_VALIDITY).getEpochSecond());
        String n = Long.toString(listing);
        return (mediaLinksBase == null ? baseUrl() : mediaLinksBase) + "/media/" + call.id + "." + extension + "?expires=" + expires + "&n=" + n
                + "&sig=" + signature(call.id, extension, expires, n);
    }

    private String signature(String callId, String extension, String expires, String listing) {
        byte[] digest = sha256().digest((signingSalt + "|" + callId + "|" + extension + "|" + expires + "|" + listing)
                .getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }

    private SeededCall describe(SimulatedCall call) {
        return new SeededCall(call.id, call.started, call.isPrivate, call.participantCount(),
                call.hasTranscript ? call.sentenceCount() : 0, call.hasMedia);
    }

    private static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        return OffsetDateTime.parse(value).toInstant();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
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

    private static String basic(String accessKey, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((accessKey + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
    }

    // ---- state ----

    private record Reply(int status, JsonNode body, Map<String, String> headers) {
    }

    private record Slice(List<SimulatedCall> calls, int pageNumber, String nextCursor, boolean expired) {
    }

    private static final class BadRequest extends IllegalArgumentException {
        BadRequest(String message) {
            super(message);
        }
    }

    /** A seeded call; everything else about it is derived from {@code seed} when served. */
    private record SimulatedCall(String id, Instant started, int durationSeconds, boolean isPrivate, boolean hasMedia,
                                 boolean video, boolean hasTranscript, long seed, int index, ScriptedMeeting script) {
        int participantCount() {
            return script != null ? script.attendees().size() : 2 + (int) Math.floorMod(seed, 3L);
        }

        int monologueCount() {
            return 2 + (int) Math.floorMod(seed >>> 8, 3L);
        }

        int sentencesIn(int monologue) {
            return 1 + (int) Math.floorMod((seed >>> 16) + monologue, 3L);
        }

        int sentenceCount() {
            int total = 0;
            for (int m = 0; m < monologueCount(); m++) {
                total += sentencesIn(m);
            }
            return total;
        }
    }

    /** The seeded calls in start order, with an index by id; replaced whole on every seed. */
    private static final class Calls {
        static final Calls NONE = new Calls(List.of());

        final List<SimulatedCall> sorted;
        final Instant[] starts;
        final Map<String, SimulatedCall> byId = new HashMap<>();

        Calls(List<SimulatedCall> calls) {
            this.sorted = calls.stream().sorted(java.util.Comparator.comparing(SimulatedCall::started)).toList();
            this.starts = sorted.stream().map(SimulatedCall::started).toArray(Instant[]::new);
            sorted.forEach(call -> byId.put(call.id, call));
        }

        /** Calls starting in [from, to); a null bound is open, as in Gong's filter. */
        /** Calls whose start the filter admits, read as {@code bounds} (Gong documents from inclusive, to exclusive). */
        List<SimulatedCall> between(Instant from, Instant to, WindowBounds bounds) {
            if (bounds != WindowBounds.HALF_OPEN) {
                return sorted.stream().filter(call -> bounds.admits(call.started, from, to)).toList();
            }
            return between(from, to);
        }

        List<SimulatedCall> between(Instant from, Instant to) {
            int start = from == null ? 0 : firstAtOrAfter(from);
            int end = to == null ? sorted.size() : firstAtOrAfter(to);
            return start >= end ? List.of() : sorted.subList(start, end);
        }

        private int firstAtOrAfter(Instant instant) {
            int index = Arrays.binarySearch(starts, instant);
            if (index < 0) {
                return -index - 1;
            }
            while (index > 0 && starts[index - 1].equals(instant)) {
                index--;
            }
            return index;
        }
    }

    /**
     * Gong's limits read as strictly as their documentation allows: no more than {@code perSecond} requests in any
     * rolling second and {@code perDay} in any rolling day, wherever the window starts, on the simulator's clock.
     * Only requests that were answered count.
     */
    private static final class RateLimits {
        private final RollingWindow second;
        private final RollingWindow day;
        private final Clock clock;

        RateLimits(int perSecond, int perDay, Clock clock) {
            this.second = new RollingWindow(perSecond, Duration.ofSeconds(1));
            this.day = new RollingWindow(perDay, Duration.ofDays(1));
            this.clock = clock;
        }

        /** Null when the request may pass, else how long until it would. */
        synchronized Duration take() {
            Instant now = clock.instant();
            Duration wait = second.waitAt(now);
            Duration daily = day.waitAt(now);
            if (daily.compareTo(wait) > 0) {
                wait = daily;
            }
            if (wait.isPositive()) {
                return wait;
            }
            second.add(now);
            day.add(now);
            return null;
        }
    }

    /** The times of the last {@code requests} answered requests, to tell whether one more fits a window ending now. */
    private static final class RollingWindow {
        private final int requests;
        private final Duration length;
        private final java.util.ArrayDeque<Instant> answered = new java.util.ArrayDeque<>();

        RollingWindow(int requests, Duration length) {
            this.requests = requests;
            this.length = length;
        }

        Duration waitAt(Instant now) {
            while (!answered.isEmpty() && !answered.peekFirst().plus(length).isAfter(now)) {
                answered.pollFirst();
            }
            return answered.size() < requests ? Duration.ZERO : Duration.between(now, answered.peekFirst().plus(length));
        }

        void add(Instant now) {
            answered.addLast(now);
        }
    }
}
