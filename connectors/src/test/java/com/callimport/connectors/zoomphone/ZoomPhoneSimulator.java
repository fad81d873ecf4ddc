package com.callimport.connectors.zoomphone;

import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connector.testkit.RecordedExchange;
import com.callimport.connector.testkit.SeededCall;
import com.callimport.connector.testkit.VendorSimulator;
import com.callimport.connector.testkit.WindowBounds;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
 * A stand-in for Zoom: the OAuth endpoints of our Marketplace app (authorization code with PKCE, refresh tokens that
 * rotate on every refresh) and the Phone API requests the connector makes, with Zoom's documented rules: call history
 * by whole days, at most a month per request and only for the last six months, page tokens that die after 15 minutes,
 * recordings downloaded with the bearer token, transcripts behind a redirect to a file, per-second and daily rate limits
 * per label answered with 429. Its answers are checked against Zoom's own OpenAPI document by
 * {@code ZoomPhoneSpecConformanceIntegrationTest}. Nothing here sleeps.
 */
public final class ZoomPhoneSimulator implements VendorSimulator {
    public static final String CLIENT_ID = "sim-zoom-client-id";
    public static final String CLIENT_SECRET = "sim-zoom-client-secret";
    /** The secret token of our app's event subscription, as Zoom's Marketplace shows it to the operator. */
    public static final String WEBHOOK_SECRET_TOKEN = "sim-zoom-webhook-secret-token";
    public static final String TEST_ACCESS_TOKEN = "sim-zoom-test-access-token";
    public static final String ACCOUNT_ID = "lAAAAAAAAAAAAAAAAAAAAA";
    public static final int DEFAULT_RECORDING_BYTES = 16 * 1024;
    /** ZP spec: page_size defaults to 30 and is at most 300. */
    public static final int DEFAULT_PAGE_SIZE = 30;
    public static final int MAX_PAGE_SIZE = 300;
    public static final Duration PAGE_TOKEN_LIFETIME = Duration.ofMinutes(15);
    public static final Map<String, Integer> PER_SECOND = Map.of("Light", 40, "Medium", 20, "Heavy", 10);
    public static final int HEAVY_PER_DAY = 30_000;

    private static final Pattern CALL_RECORDINGS = Pattern.compile("/v2/phone/call_logs/([^/]+)/recordings");
    private static final Pattern DOWNLOAD = Pattern.compile("/v2/phone/recording/download/([^/]+)");
    private static final Pattern TRANSCRIPT = Pattern.compile("/v2/phone/recording_transcript/download/([^/]+)");
    private static final Pattern TRANSCRIPT_FILE = Pattern.compile("/file/transcripts/([^/]+)\\.json");
    private static final DateTimeFormatter ZOOM_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final String[] NAMES = {"Avery Nguyen", "Blake Okafor", "Casey Schmidt", "Devon Tanaka", "Emery Rossi", "Finley Silva"};
    private static final String[] LINES = {"Thanks for picking up.", "Do you have a minute to talk about your renewal?",
            "We moved to the new plan last month.", "Can you send me the quote by email?", "Let's talk again on Thursday."};

    static {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    private volatile List<Call> calls = List.of();
    private volatile int maxPageSize = MAX_PAGE_SIZE;
    private volatile int recordingBytes = DEFAULT_RECORDING_BYTES;
    private volatile double transferredShare;
    private volatile boolean rejectCredentials;
    private volatile boolean enforceRateLimits;
    private volatile boolean recordExchanges;
    private volatile boolean declineNextConsent;
    private volatile Duration accessTokenLifetime = Duration.ofHours(1);
    private final AtomicInteger historyRequestsUntilTokensDie = new AtomicInteger();
    private volatile int rateLimitEvery;
    private volatile int failEvery;
    private volatile int truncateEvery;
    private final AtomicLong serverErrors = new AtomicLong();
    private final AtomicLong recordingsTruncated = new AtomicLong();
    private final AtomicLong downloads = new AtomicLong();
    private final Map<String, PageToken> pageTokens = new ConcurrentHashMap<>();
    private final Map<String, Instant> accessTokens = new ConcurrentHashMap<>();
    private final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
    private final Map<String, String> codes = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> secondCounts = new ConcurrentHashMap<>();
    private final AtomicLong heavyToday = new AtomicLong();
    private final AtomicLong serial = new AtomicLong();
    private final AtomicLong apiRequests = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong expiredTokensRefused = new AtomicLong();
    private final AtomicLong refreshTokensRotated = new AtomicLong();
    private final AtomicLong invalidGrants = new AtomicLong();
    private final AtomicLong recordingsServed = new AtomicLong();
    private final Map<String, AtomicLong> requestsByGroup = new ConcurrentHashMap<>();
    private final List<Duration> pendingRateLimits = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> pendingFailures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger pendingTruncations = new AtomicInteger();
    private final List<String> historyRanges = Collections.synchronizedList(new ArrayList<>());
    private final List<RecordedExchange> exchanges = Collections.synchronizedList(new ArrayList<>());

    private ZoomPhoneSimulator(Clock clock) throws IOException {
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static ZoomPhoneSimulator start() {
        return start(Clock.systemUTC());
    }

    /** Starts a simulator whose page tokens, access tokens and six-month history follow {@code clock}. */
    public static ZoomPhoneSimulator start(Clock clock) {
        try {
            return new ZoomPhoneSimulator(clock);
        } catch (IOException failure) {
            throw new IllegalStateException("could not bind the Zoom simulator to a loopback port", failure);
        }
    }

    // ---- VendorSimulator ----

    /** The API base, as {@code https://api.zoom.us/v2} is Zoom's. */
    @Override
    public URI baseUrl() {
        return URI.create(origin() + "/v2");
    }

    public URI authorizationUri() {
        return URI.create(origin() + "/oauth/authorize");
    }

    public URI tokenUri() {
        return URI.create(origin() + "/oauth/token");
    }

    private String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Zoom documents no reading of its day bounds beyond "dates"; the connector lists with a day's margin, so any will do. */
    @Override
    public void readWindowBoundsAs(WindowBounds bounds) {
    }

    @Override
    public void reset() {
        calls = List.of();
        maxPageSize = MAX_PAGE_SIZE;
        recordingBytes = DEFAULT_RECORDING_BYTES;
        transferredShare = 0;
        rejectCredentials = false;
        enforceRateLimits = false;
        recordExchanges = false;
        declineNextConsent = false;
        accessTokenLifetime = Duration.ofHours(1);
        pageTokens.clear();
        historyRequestsUntilTokensDie.set(0);
        rateLimitEvery = 0;
        failEvery = 0;
        truncateEvery = 0;
        serverErrors.set(0);
        recordingsTruncated.set(0);
        downloads.set(0);
        accessTokens.clear();
        refreshTokens.clear();
        codes.clear();
        accessTokens.put(TEST_ACCESS_TOKEN, Instant.MAX);
        secondCounts.clear();
        for (AtomicLong counter : List.of(heavyToday, apiRequests, rateLimited, expiredTokensRefused, refreshTokensRotated,
                invalidGrants, recordingsServed)) {
            counter.set(0);
        }
        requestsByGroup.clear();
        pendingRateLimits.clear();
        pendingFailures.clear();
        pendingTruncations.set(0);
        historyRanges.clear();
        exchanges.clear();
    }

    @Override
    public List<SeededCall> seed(int count, DateWindow window, CallMix mix, long randomSeed) {
        SplittableRandom random = new SplittableRandom(randomSeed);
        long millis = window.length().toMillis();
        List<Call> seeded = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long slot = millis / Math.max(1, count);
            // Zoom reports whole seconds
            Instant started = window.from().plusMillis(millis * i / Math.max(1, count) + random.nextLong(Math.max(1, slot / 2)));
            started = Instant.ofEpochSecond(started.getEpochSecond() + (started.getNano() > 0 && started.plusSeconds(1).isBefore(window.to()) ? 1 : 0));
            if (!window.contains(started)) {
                started = window.from();
            }
            boolean recorded = !CallMix.falls(i, mix.withoutRecordingShare(), 7);
            boolean transcribed = recorded && !CallMix.falls(i, mix.withoutTranscriptShare(), 11);
            seeded.add(new Call(Long.toString(random.nextLong(6_000_000_000_000_000_000L, 7_000_000_000_000_000_000L)), started,
                    20 + random.nextInt(1_200), i % 2 == 0 ? "outbound" : "inbound", recorded, transcribed,
                    CallMix.falls(i, transferredShare, 5), random.nextLong(), i));
        }
        seeded.sort(java.util.Comparator.comparing(Call::started));
        calls = List.copyOf(seeded);
        return calls.stream().map(ZoomPhoneSimulator::describe).toList();
    }

    @Override
    public void usePageSize(int calls) {
        maxPageSize = Math.min(calls, MAX_PAGE_SIZE);
    }

    @Override
    public String recordingSha256(String vendorCallId) {
        Call call = call(vendorCallId).filter(Call::recorded).orElseThrow(() ->
                new IllegalArgumentException("call " + vendorCallId + " has no recording in the simulator"));
        MessageDigest digest = sha256();
        digest.update(audio(call));
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

    // ---- Zoom's own knobs ----

    /** From the next seed on, this share of calls was transferred: two history entries (legs) under one call_id. */
    public void useTransferredShare(double share) {
        transferredShare = share;
    }

    /** Every page token handed out so far dies, as 15 minutes would make it. */
    public void expireAllPageTokens() {
        pageTokens.replaceAll((token, page) -> new PageToken(page.query, page.offset, Instant.EPOCH));
    }

    /** Answers every {@code n}th API request with 429 and a Retry-After of 1 s. */
    public void rateLimitEvery(int n) {
        rateLimitEvery = n;
    }

    /** Answers every {@code n}th API request with 503. */
    public void failEvery(int n) {
        failEvery = n;
    }

    /** Cuts every {@code n}th recording download short. */
    public void truncateEvery(int n) {
        truncateEvery = n;
    }

    public long serverErrorResponses() {
        return serverErrors.get();
    }

    public long recordingsTruncated() {
        return recordingsTruncated.get();
    }

    /** The ids of the calls that have a recording. */
    public Set<String> callsWithRecording() {
        Set<String> ids = new java.util.LinkedHashSet<>();
        calls.stream().filter(Call::recorded).forEach(call -> ids.add(call.id));
        return ids;
    }

    /** The ids of every call. */
    public Set<String> callIds() {
        Set<String> ids = new java.util.LinkedHashSet<>();
        calls.forEach(call -> ids.add(call.id));
        return ids;
    }

    /** After {@code historyRequests} more call history requests every page token handed out dies, once. */
    public void expirePageTokensAfter(int historyRequests) {
        historyRequestsUntilTokensDie.set(historyRequests);
    }

    /** Answers every label's requests beyond Zoom's Business limits (per second, and Heavy per day) with 429. */
    public void enforceRateLimits(boolean enforce) {
        enforceRateLimits = enforce;
    }

    public void useRecordingSize(int bytes) {
        recordingBytes = bytes;
    }

    public void useTokenLifetime(Duration accessToken) {
        accessTokenLifetime = accessToken;
    }

    public void declineNextConsent() {
        declineNextConsent = true;
    }

    /** Removes our app from the account: every token stops working. */
    public void revokeGrants() {
        accessTokens.keySet().removeIf(token -> !token.equals(TEST_ACCESS_TOKEN));
        refreshTokens.clear();
    }

    public void recordExchanges(boolean record) {
        recordExchanges = record;
    }

    public List<RecordedExchange> exchanges() {
        return List.copyOf(exchanges);
    }

    public long rateLimitedResponses() {
        return rateLimited.get();
    }

    public long expiredPageTokensRefused() {
        return expiredTokensRefused.get();
    }

    public long refreshTokensRotated() {
        return refreshTokensRotated.get();
    }

    public long invalidGrantResponses() {
        return invalidGrants.get();
    }

    public long recordingsServed() {
        return recordingsServed.get();
    }

    public long requestsIn(String label) {
        return requestsByGroup.getOrDefault(label, new AtomicLong()).get();
    }

    /** The from/to of every call history request, e.g. "2026-03-01..2026-03-30", in the order received. */
    public List<String> historyRanges() {
        return List.copyOf(historyRanges);
    }

    /** A call that has just ended, recorded or not; what the events {@link #recordingCompleted} and the like name. */
    public SeededCall placeCall(Duration length, boolean recorded) {
        Instant ended = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Call call = new Call(Long.toString(7_100_000_000_000_000_000L + serial.incrementAndGet()), ended.minus(length),
                (int) length.toSeconds(), "outbound", recorded, recorded, false, serial.get(), calls.size());
        List<Call> updated = new ArrayList<>(calls);
        updated.add(call);
        calls = List.copyOf(updated);
        return describe(call);
    }

    /** The body of Zoom's {@code phone.recording_completed} for a call, as our app's event subscription receives it. */
    public String recordingCompleted(String vendorCallId) {
        Call call = call(vendorCallId).orElseThrow();
        ObjectNode event = envelope("phone.recording_completed");
        ObjectNode recording = ((ObjectNode) event.path("payload").path("object")).putArray("recordings").addObject();
        recording.put("id", recordingId(call));
        recording.put("call_id", call.id);
        recording.put("caller_number", "+14155550" + (100 + call.index % 900));
        recording.put("caller_number_type", 1);
        recording.put("callee_number", "+16505550" + (100 + call.index % 900));
        recording.put("callee_number_type", 2);
        recording.put("callee_name", NAMES[(call.index + 1) % NAMES.length]);
        recording.put("direction", call.direction);
        recording.put("duration", call.seconds);
        recording.put("download_url", baseUrl() + "/phone/recording/download/" + fileId(call));
        recording.put("date_time", ZOOM_TIME.format(call.started));
        return event.toString();
    }

    /** The body of Zoom's {@code endpoint.url_validation} challenge. */
    public String urlValidation(String plainToken) {
        ObjectNode event = json.createObjectNode();
        event.putObject("payload").put("plainToken", plainToken);
        event.put("event_ts", clock.millis());
        event.put("event", "endpoint.url_validation");
        return event.toString();
    }

    /** The headers Zoom signs a delivery with: {@code x-zm-signature} = v0= hex HMAC-SHA256 of v0:timestamp:body. */
    public static Map<String, String> signatureHeaders(String secretToken, Instant sentAt, String body) {
        String timestamp = Long.toString(sentAt.getEpochSecond());
        return Map.of("x-zm-request-timestamp", timestamp,
                "x-zm-signature", "v0=" + hmac(secretToken, "v0:" + timestamp + ":" + body),
                "user-agent", "Zoom Marketplace/1.0a");
    }

    public static String hmac(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private ObjectNode envelope(String event) {
        ObjectNode envelope = json.createObjectNode();
        envelope.put("event", event);
        envelope.put("event_ts", clock.millis());
        ObjectNode payload = envelope.putObject("payload");
        payload.put("account_id", ACCOUNT_ID);
        payload.putObject("object");
        return envelope;
    }

    // ---- serving ----

    private record Reply(int status, Map<String, String> headers, byte[] body, String contentType, Call recording, boolean truncate) {
        static Reply json(int status, Object body) {
            return new Reply(status, Map.of(), body.toString().getBytes(StandardCharsets.UTF_8), "application/json", null, false);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            byte[] requestBody = exchange.getRequestBody().readAllBytes();
            Map<String, List<String>> query = form(exchange.getRequestURI().getRawQuery());
            Reply reply;
            if (path.startsWith("/oauth/")) {
                reply = oauth(exchange, method, path, query, requestBody);
            } else if (TRANSCRIPT_FILE.matcher(path).matches()) {
                reply = transcriptFile(path);
            } else if (path.startsWith("/v2/")) {
                reply = api(exchange, path, query);
            } else {
                reply = error(404, 404, "Not found");
            }
            send(exchange, method, path, query, requestBody, reply);
        }
    }

    private Reply api(HttpExchange exchange, String path, Map<String, List<String>> query) {
        long number = apiRequests.incrementAndGet();
        Matcher recordings = CALL_RECORDINGS.matcher(path);
        Matcher download = DOWNLOAD.matcher(path);
        Matcher transcript = TRANSCRIPT.matcher(path);
        String label = path.equals("/v2/phone/call_history") ? "Heavy" : download.matches() ? "Medium" : "Light";
        requestsByGroup.computeIfAbsent(label, key -> new AtomicLong()).incrementAndGet();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
        Instant expires = token == null ? null : accessTokens.get(token);
        if (rejectCredentials || expires == null || !clock.instant().isBefore(expires)) {
            // Zoom: 401 code 124 "Invalid access token."
            return error(401, 124, "Invalid access token.");
        }
        Duration retryAfter = pollFirst(pendingRateLimits);
        if (retryAfter != null) {
            rateLimited.incrementAndGet();
            return new Reply(429, Map.of("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds()))),
                    error(429, 429, "You have exceeded the rate limit of your account. Refer to the response header for details on when you can make another request.").body,
                    "application/json", null, false);
        }
        if (rateLimitEvery > 0 && number % rateLimitEvery == 0) {
            rateLimited.incrementAndGet();
            return new Reply(429, Map.of("Retry-After", "1"), error(429, 429, "You have reached the maximum per-second rate limit for this API. Try again later.").body,
                    "application/json", null, false);
        }
        if (failEvery > 0 && number % failEvery == 0) {
            serverErrors.incrementAndGet();
            return error(503, 503, "Service unavailable");
        }
        Integer failure = pollFirst(pendingFailures);
        if (failure != null) {
            return error(failure, failure, "Internal server error");
        }
        Reply throttled = throttle(label);
        if (throttled != null) {
            return throttled;
        }
        if (path.equals("/v2/users/me")) {
            ObjectNode user = json.createObjectNode();
            user.put("id", "KDcuGIm1QgePTO8WbOqwIQ");
            user.put("email", "admin@customer.example");
            user.put("account_id", ACCOUNT_ID);
            return Reply.json(200, user);
        }
        if (path.equals("/v2/phone/call_history")) {
            return callHistory(query);
        }
        if (recordings.matches()) {
            return call(recordings.group(1)).filter(Call::recorded).map(call -> Reply.json(200, recordingOf(call)))
                    .orElseGet(() -> error(404, 1001, "Recording does not exist: \"" + recordings.group(1) + "\"."));
        }
        if (transcript.matches()) {
            Optional<Call> call = calls.stream().filter(c -> c.recorded && recordingId(c).equals(transcript.group(1))).findFirst();
            if (call.isEmpty()) {
                return error(400, 404, "File does not exist.");
            }
            if (!call.get().transcribed) {
                return error(400, 12001, "Admin has disabled this transcription.");
            }
            return new Reply(302, Map.of("Location", origin() + "/file/transcripts/" + recordingId(call.get()) + ".json"), new byte[0],
                    null, null, false);
        }
        if (download.matches()) {
            Optional<Call> call = calls.stream().filter(c -> c.recorded && fileId(c).equals(download.group(1))).findFirst();
            boolean truncate = pendingTruncations.getAndUpdate(n -> Math.max(0, n - 1)) > 0
                    || truncateEvery > 0 && downloads.incrementAndGet() % truncateEvery == 0;
            return call.map(c -> new Reply(200, Map.of(), null, "audio/mpeg", c, truncate))
                    .orElseGet(() -> error(400, 404, "File does not exist."));
        }
        return error(404, 404, "Not found");
    }

    private Reply throttle(String label) {
        if (!enforceRateLimits) {
            return null;
        }
        long second = clock.instant().getEpochSecond();
        long used = secondCounts.computeIfAbsent(label + "@" + second, key -> new AtomicLong()).incrementAndGet();
        boolean daily = label.equals("Heavy") && heavyToday.incrementAndGet() > HEAVY_PER_DAY;
        if (used > PER_SECOND.get(label) || daily) {
            rateLimited.incrementAndGet();
            String message = daily ? "You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request."
                    : "You have reached the maximum per-second rate limit for this API. Try again later.";
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("X-RateLimit-Category", label);
            headers.put("X-RateLimit-Type", daily ? "Daily-limit" : "QPS");
            headers.put("Retry-After", daily ? Long.toString(Duration.ofDays(1).toSeconds()) : "1");
            return new Reply(429, headers, error(429, 429, message).body, "application/json", null, false);
        }
        return null;
    }

    private Reply callHistory(Map<String, List<String>> query) {
        String token = first(query, "next_page_token");
        int pageSize = Math.min(maxPageSize, integer(first(query, "page_size"), DEFAULT_PAGE_SIZE));
        if (pageSize < 1 || integer(first(query, "page_size"), DEFAULT_PAGE_SIZE) > MAX_PAGE_SIZE) {
            return error(400, 300, "Invalid field: page_size.");
        }
        String from = first(query, "from");
        String to = first(query, "to");
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate fromDay;
        LocalDate toDay;
        try {
            fromDay = from == null ? today.minusDays(1) : LocalDate.parse(from);
            toDay = to == null ? today : LocalDate.parse(to);
        } catch (RuntimeException malformed) {
            return error(400, 300, "Invalid date format; use yyyy-mm-dd.");
        }
        if (toDay.isBefore(fromDay) || fromDay.plusMonths(1).isBefore(toDay)) {
            return error(400, 300, "The date range defined by the from and to parameters should be within a month.");
        }
        if (fromDay.isBefore(today.minusMonths(6))) {
            return error(400, 300, "The from date should fall within the last six months.");
        }
        historyRanges.add(fromDay + ".." + toDay);
        if (historyRequestsUntilTokensDie.get() > 0 && historyRequestsUntilTokensDie.decrementAndGet() == 0) {
            expireAllPageTokens();
        }
        List<String> ids = query.getOrDefault("call_ids", List.of());
        String key = fromDay + ".." + toDay + "|" + String.join(",", ids);
        int offset = 0;
        if (token != null) {
            PageToken page = pageTokens.get(token);
            if (page == null || !page.query.equals(key) || !clock.instant().isBefore(page.issuedAt.plus(PAGE_TOKEN_LIFETIME))) {
                expiredTokensRefused.incrementAndGet();
                return error(400, 300, "Invalid next page token.");
            }
            offset = page.offset;
        }
        Instant start = fromDay.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = toDay.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<ObjectNode> entries = new ArrayList<>();
        for (Call call : calls) {
            if (call.started.isBefore(start) || !call.started.isBefore(end) || call.started.isAfter(clock.instant())
                    || (!ids.isEmpty() && !ids.contains(call.id))) {
                continue;
            }
            entries.add(entry(call, 0));
            if (call.transferred) {
                entries.add(entry(call, 1));
            }
        }
        List<ObjectNode> page = entries.subList(Math.min(offset, entries.size()), Math.min(offset + pageSize, entries.size()));
        ObjectNode body = json.createObjectNode();
        body.put("from", fromDay.toString());
        body.put("to", toDay.toString());
        body.put("page_size", pageSize);
        body.put("total_records", entries.size());
        String next = "";
        if (offset + pageSize < entries.size()) {
            next = "sim" + HexFormat.of().toHexDigits(serial.incrementAndGet()) + HexFormat.of().toHexDigits(new SplittableRandom(System.nanoTime()).nextLong());
            pageTokens.put(next, new PageToken(key, offset + pageSize, clock.instant()));
        }
        body.put("next_page_token", next);
        ArrayNode history = body.putArray("call_history");
        page.forEach(history::add);
        return Reply.json(200, body);
    }

    private ObjectNode entry(Call call, int leg) {
        ObjectNode entry = json.createObjectNode();
        entry.put("call_history_uuid", LocalDate.ofInstant(call.started, ZoneOffset.UTC).toString().replace("-", "") + "-"
                + new java.util.UUID(call.seed, leg).toString());
        entry.put("call_id", call.id);
        entry.put("direction", call.direction);
        entry.put("international", false);
        entry.put("start_time", ZOOM_TIME.format(call.started.plusSeconds(leg * 30L)));
        entry.put("answer_time", ZOOM_TIME.format(call.started.plusSeconds(leg * 30L + 4)));
        entry.put("end_time", ZOOM_TIME.format(call.started.plusSeconds(call.seconds)));
        entry.put("duration", call.seconds - leg * 30);
        entry.put("connect_type", "external");
        entry.put("call_type", "general");
        entry.put("call_result", "answered");
        boolean outbound = call.direction.equals("outbound");
        String rep = NAMES[call.index % NAMES.length] + (leg == 1 ? " (transfer)" : "");
        String customer = "Customer " + (call.index + 1);
        party(entry, outbound ? "caller" : "callee", rep, "+14155550" + (100 + (call.index + leg * 7) % 900), true);
        party(entry, outbound ? "callee" : "caller", customer, "+16505550" + (100 + call.index % 900), false);
        entry.put("recording_status", call.recorded ? "recorded" : "non_recorded");
        entry.put("site_id", "8f71O6rWT8KFUGQmJIFAdQ");
        entry.put("site_name", "Main Office");
        return entry;
    }

    private static void party(ObjectNode entry, String side, String name, String number, boolean ours) {
        entry.put(side + "_name", name);
        entry.put(side + "_did_number", number);
        entry.put(side + "_number_type", ours ? "zoom_pstn" : "external_pstn");
        if (ours) {
            entry.put(side + "_ext_id", "ext-" + number.substring(number.length() - 3));
            entry.put(side + "_ext_number", "1" + number.substring(number.length() - 3));
            entry.put(side + "_email", name.toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", ".") + "@customer.example");
            entry.put(side + "_ext_type", "user");
        }
        entry.put(side + "_country_iso_code", "US");
        entry.put(side + "_country_code", "1");
    }

    private ObjectNode recordingOf(Call call) {
        ObjectNode recording = json.createObjectNode();
        recording.put("id", recordingId(call));
        recording.put("call_id", call.id);
        recording.put("caller_name", NAMES[call.index % NAMES.length]);
        recording.put("caller_number", "+14155550" + (100 + call.index % 900));
        recording.put("caller_number_type", 1);
        recording.put("callee_name", "Customer " + (call.index + 1));
        recording.put("callee_number", "+16505550" + (100 + call.index % 900));
        recording.put("callee_number_type", 2);
        recording.put("date_time", ZOOM_TIME.format(call.started));
        recording.put("direction", call.direction);
        recording.put("download_url", baseUrl() + "/phone/recording/download/" + fileId(call));
        recording.put("duration", call.seconds);
        recording.put("end_time", ZOOM_TIME.format(call.started.plusSeconds(call.seconds)));
        recording.put("recording_type", "Automatic");
        recording.put("file_url", baseUrl() + "/phone/recording/download/" + fileId(call));
        return recording;
    }

    private Reply transcriptFile(String path) {
        Matcher file = TRANSCRIPT_FILE.matcher(path);
        file.matches();
        Optional<Call> call = calls.stream().filter(c -> c.transcribed && recordingId(c).equals(file.group(1))).findFirst();
        if (call.isEmpty()) {
            return new Reply(404, Map.of(), new byte[0], null, null, false);
        }
        ObjectNode transcript = json.createObjectNode();
        transcript.put("type", "zoom_transcript");
        transcript.put("ver", 1);
        transcript.put("recording_id", recordingId(call.get()));
        transcript.put("account_id", ACCOUNT_ID);
        transcript.put("recording_start", ZOOM_TIME.format(call.get().started));
        ArrayNode timeline = transcript.putArray("timeline");
        for (int i = 0; i < call.get().segments(); i++) {
            ObjectNode line = timeline.addObject();
            line.put("text", LINES[(call.get().index + i) % LINES.length]);
            line.put("ts", offset(i * 4_000L));
            line.put("end_ts", offset(i * 4_000L + 3_500));
            line.put("userId", i % 2 == 0 ? "1" + (100 + call.get().index % 900) : "");
            line.put("channelMark", i % 2 == 0 ? "L" : "R");
        }
        return Reply.json(200, transcript);
    }

    private static String offset(long millis) {
        return String.format("%02d:%02d:%02d.%03d", millis / 3_600_000, millis / 60_000 % 60, millis / 1000 % 60, millis % 1000);
    }

    // ---- OAuth ----

    private Reply oauth(HttpExchange exchange, String method, String path, Map<String, List<String>> query, byte[] body) {
        if (method.equals("GET") && path.equals("/oauth/authorize")) {
            String redirect = first(query, "redirect_uri");
            String state = first(query, "state");
            if (!CLIENT_ID.equals(first(query, "client_id")) || redirect == null) {
                return Reply.json(400, json.createObjectNode().put("reason", "Invalid client_id or redirect_uri"));
            }
            if (declineNextConsent) {
                declineNextConsent = false;
                return redirect(redirect, "error=access_denied" + (state == null ? "" : "&state=" + encode(state)));
            }
            String code = "sim-zoom-code-" + serial.incrementAndGet();
            codes.put(code, redirect + "|" + first(query, "code_challenge"));
            return redirect(redirect, "code=" + code + (state == null ? "" : "&state=" + encode(state)));
        }
        if (!method.equals("POST") || !path.equals("/oauth/token")) {
            return Reply.json(404, json.createObjectNode().put("reason", "Not found"));
        }
        String expected = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return Reply.json(401, json.createObjectNode().put("reason", "Invalid client_id or client_secret").put("error", "invalid_client"));
        }
        Map<String, List<String>> form = form(new String(body, StandardCharsets.UTF_8));
        String grant = first(form, "grant_type");
        if ("authorization_code".equals(grant)) {
            String issued = codes.remove(String.valueOf(first(form, "code")));
            if (issued == null) {
                return invalidGrant("Invalid authorization code");
            }
            String[] parts = issued.split("\\|", 2);
            String verifier = first(form, "code_verifier");
            String derived = verifier == null ? "null" : Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(sha256().digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            if (!parts[0].equals(first(form, "redirect_uri")) || !parts[1].equals(derived)) {
                return invalidGrant("Invalid redirect_uri or code_verifier");
            }
            return issue();
        }
        if ("refresh_token".equals(grant)) {
            // Zoom: a refresh token is single-use; the answer carries its replacement
            if (!refreshTokens.remove(String.valueOf(first(form, "refresh_token")))) {
                return invalidGrant("Invalid Token!");
            }
            refreshTokensRotated.incrementAndGet();
            return issue();
        }
        return Reply.json(400, json.createObjectNode().put("reason", "Unsupported grant type").put("error", "unsupported_grant_type"));
    }

    private Reply issue() {
        String access = "sim-zoom-at-" + serial.incrementAndGet() + "-" + Long.toHexString(new SplittableRandom(System.nanoTime()).nextLong());
        String refresh = "sim-zoom-rt-" + serial.incrementAndGet() + "-" + Long.toHexString(new SplittableRandom(System.nanoTime() + 7).nextLong());
        accessTokens.put(access, clock.instant().plus(accessTokenLifetime));
        refreshTokens.add(refresh);
        ObjectNode body = json.createObjectNode();
        body.put("access_token", access);
        body.put("token_type", "bearer");
        body.put("refresh_token", refresh);
        body.put("expires_in", accessTokenLifetime.toSeconds());
        body.put("scope", "phone:read:list_call_logs:admin phone:read:call_recording:admin phone:read:recording_transcript:admin user:read:user");
        body.put("api_url", "https://api.zoom.us");
        return Reply.json(200, body);
    }

    private Reply invalidGrant(String reason) {
        invalidGrants.incrementAndGet();
        return Reply.json(400, json.createObjectNode().put("reason", reason).put("error", "invalid_grant"));
    }

    private static Reply redirect(String redirectUri, String parameters) {
        return new Reply(302, Map.of("Location", redirectUri + (redirectUri.contains("?") ? "&" : "?") + parameters), new byte[0], null, null, false);
    }

    private Reply error(int status, int code, String message) {
        return Reply.json(status, json.createObjectNode().put("code", code).put("message", message));
    }

    private void send(HttpExchange exchange, String method, String path, Map<String, List<String>> query, byte[] requestBody,
                      Reply reply) throws IOException {
        reply.headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        if (reply.contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", reply.contentType);
        }
        if (reply.recording != null) {
            byte[] audio = audio(reply.recording);
            record(exchange, method, path, query, requestBody, 200, "");
            exchange.sendResponseHeaders(200, audio.length);
            OutputStream out = exchange.getResponseBody();
            if (reply.truncate) {
                out.write(audio, 0, audio.length / 2);
                out.flush();
                recordingsTruncated.incrementAndGet();
                throw new IOException("recording of call " + reply.recording.id + " truncated on purpose");
            }
            out.write(audio);
            out.close();
            recordingsServed.incrementAndGet();
            return;
        }
        record(exchange, method, path, query, requestBody, reply.status, new String(reply.body, StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(reply.status, reply.body.length == 0 ? -1 : reply.body.length);
        if (reply.body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body);
            }
        }
    }

    private void record(HttpExchange exchange, String method, String path, Map<String, List<String>> query, byte[] requestBody,
                        int status, String responseBody) {
        if (!recordExchanges || !path.startsWith("/v2/")) {
            return;
        }
        Map<String, List<String>> requestHeaders = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> requestHeaders.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        Map<String, List<String>> responseHeaders = new HashMap<>();
        exchange.getResponseHeaders().forEach((name, values) -> responseHeaders.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        exchanges.add(new RecordedExchange(method, path, query, requestHeaders, new String(requestBody, StandardCharsets.UTF_8),
                status, responseHeaders, responseBody));
    }

    // ---- the simulated account ----

    private record Call(String id, Instant started, int seconds, String direction, boolean recorded, boolean transcribed,
                        boolean transferred, long seed, int index) {
        int segments() {
            return 2 + (int) Math.floorMod(seed, 4L);
        }
    }

    private record PageToken(String query, int offset, Instant issuedAt) {
    }

    private Optional<Call> call(String id) {
        return calls.stream().filter(call -> call.id.equals(id)).findFirst();
    }

    private static SeededCall describe(Call call) {
        return new SeededCall(call.id, call.started, false, call.transferred ? 3 : 2, call.transcribed ? call.segments() : 0, call.recorded);
    }

    private static String recordingId(Call call) {
        return "rec" + Long.toHexString(call.seed);
    }

    private static String fileId(Call call) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("file-" + call.id).getBytes(StandardCharsets.UTF_8));
    }

    private byte[] audio(Call call) {
        byte[] audio = new byte[recordingBytes];
        SplittableRandom random = new SplittableRandom(call.seed + 2);
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (byte) random.nextInt(256);
        }
        return audio;
    }

    private static int integer(String value, int otherwise) {
        try {
            return value == null ? otherwise : Integer.parseInt(value);
        } catch (NumberFormatException malformed) {
            return -1;
        }
    }

    private static String first(Map<String, List<String>> values, String name) {
        List<String> all = values.get(name);
        return all == null || all.isEmpty() ? null : all.getFirst();
    }

    private static Map<String, List<String>> form(String raw) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            values.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return values;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static <T> T pollFirst(List<T> pending) {
        synchronized (pending) {
            return pending.isEmpty() ? null : pending.removeFirst();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
