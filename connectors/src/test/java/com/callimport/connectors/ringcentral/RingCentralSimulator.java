package com.callimport.connectors.ringcentral;

import com.callimport.connector.DateWindow;
import com.callimport.connector.InboundRequest;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connector.testkit.RecordedExchange;
import com.callimport.connector.testkit.SeededCall;
import com.callimport.connector.testkit.VendorSimulator;
import com.callimport.connector.testkit.WindowBounds;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
 * An in-memory RingCentral platform on loopback, as much of it as the connector and the engine's OAuth client
 * use: {@code GET /restapi/oauth/authorize}, {@code POST /restapi/oauth/token} (authorization code with PKCE,
 * rotating refresh tokens, JWT bearer), {@code POST /restapi/oauth/revoke}, {@code GET …/extension/~},
 * {@code GET …/account/~/call-log} (numbered pages with {@code navigation.nextPage}, newest call first, no
 * totals; filtered by {@code telephonySessionId}), {@code GET …/recording/{id}/content} (the media entry point,
 * served on the same address), and WebHook subscriptions to the account's telephony sessions
 * ({@code POST|GET /restapi/v1.0/subscription}, {@code GET|DELETE …/subscription/{id}}, {@code POST …/{id}/renew};
 * see {@link RingCentralSubscriptions}). Records follow RingCentral's schema (checked against its OpenAPI document
 * in {@code RingCentralSpecConformanceIntegrationTest}).
 *
 * <p>Calls placed while the simulator runs ({@link #placeCall}) join the call log and are notified to every active
 * subscription, as a {@code Disconnected} telephony-session event POSTed from the simulator's own threads; the call
 * log can be made to lag the notification ({@link #delayCallLog}), as RingCentral's does.
 *
 * <p>Everything that expires follows the simulator's clock: access tokens, refresh tokens, authorization codes,
 * rate-limit windows and penalties, recordings that attach after the call. Calls are seeded deterministically;
 * parties and recording bytes derive from a per-call seed when served. A thread-safe fault script (refused
 * tokens, 429, 5xx, truncated recordings, empty pages, slow answers) serves tests and benchmarks; nothing
 * here sleeps unless a slow answer was asked for.
 */
public final class RingCentralSimulator implements VendorSimulator {
    public static final String CLIENT_ID = "sim-rc-client-id";
    public static final String CLIENT_SECRET = "sim-rc-client-secret";
    /** A bearer token accepted until credentials are rejected or grants revoked; it never expires. */
    public static final String TEST_ACCESS_TOKEN = "sim-rc-test-access-token";
    public static final String ACCOUNT_ID = "37439510";
    public static final String OWNER_EXTENSION_ID = "2587654004";
    public static final String JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    /** RingCentral's default page size, and its largest (RC spec, PerPageWithMax). */
    public static final int DEFAULT_PER_PAGE = 100;
    public static final int MAX_PER_PAGE = 1000;
    public static final int DEFAULT_RECORDING_BYTES = 16 * 1024;
    public static final Duration DEFAULT_ACCESS_TOKEN_LIFETIME = Duration.ofHours(1);
    public static final Duration DEFAULT_REFRESH_TOKEN_LIFETIME = Duration.ofDays(7);
    /** RC docs (auth-code flow): an authorization code is valid 60 s. */
    public static final Duration CODE_LIFETIME = Duration.ofSeconds(60);
    /** RC docs (rate limits): a violation starts a 60 s penalty, restarted by every request sent during it. */
    public static final Duration PENALTY = Duration.ofSeconds(60);
    public static final Duration WINDOW = Duration.ofSeconds(60);
    /** The default usage plan's requests per 60 s window, by throttling group. */
    public static final Map<String, Integer> GROUP_LIMITS = Map.of("Light", 50, "Medium", 40, "Heavy", 10, "Auth", 5);
    /** The app permissions the simulated app registration carries, granted with every token unless withheld. */
    public static final List<String> APP_PERMISSIONS = List.of("ReadAccounts", "ReadCallLog", "ReadCallRecording", "CallControl");
    /** The app permission the account's telephony-session events need (RC docs, event-filters/account-telephony-sessions). */
    public static final String CALL_CONTROL_PERMISSION = "CallControl";
    /** The user permission the company call log needs (RC spec: x-user-permission of readCompanyCallLog). */
    public static final String COMPANY_CALL_LOG_PERMISSION = "FullCompanyCallLog";

    private static final String API_PREFIX = "/restapi/v1.0/account/";
    private static final Pattern CALL_LOG = Pattern.compile("/restapi/v1\\.0/account/([^/]+)/call-log");
    private static final Pattern EXTENSION = Pattern.compile("/restapi/v1\\.0/account/([^/]+)/extension/([^/]+)");
    private static final Pattern RECORDING_CONTENT = Pattern.compile("/restapi/v1\\.0/account/([^/]+)/recording/([^/]+)/content");
    private static final Pattern SUBSCRIPTION = Pattern.compile("/restapi/v1\\.0/subscription(?:/([^/]+)(/renew)?)?");
    // RC spec (CallStatusInfo.code)
    private static final Set<String> SESSION_STATUS_CODES = Set.of("Setup", "Proceeding", "Answered", "Disconnected", "Gone",
            "Parked", "Hold", "VoiceMail", "FaxReceive", "Tds", "VoiceMailScreening");
    private static final Set<String> ENDED_STATUS_CODES = Set.of("Disconnected", "Gone");
    private static final String[] FIRST_NAMES = {"Avery", "Blake", "Casey", "Devon", "Emery", "Finley", "Harper", "Jordan"};
    private static final String[] LAST_NAMES = {"Nguyen", "Okafor", "Schmidt", "Tanaka", "Rossi", "Silva", "Kowalski"};
    private static final String[] CITIES = {"San Francisco, CA", "Austin, TX", "Boston, MA", "Denver, CO"};
    private static final String[] OUTCOMES = {"Call connected", "Accepted", "Missed", "Voicemail"};

    static {
        // as in GongSimulator: without it the JDK server's Nagle costs ~40 ms per chunked recording
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    private volatile Calls calls = Calls.NONE;
    private final Object placing = new Object();
    private final AtomicLong callsPlaced = new AtomicLong();
    private volatile Duration callLogDelay = Duration.ZERO;
    private volatile WindowBounds windowBounds = WindowBounds.HALF_OPEN;
    private final Map<String, Instant> endNotified = new ConcurrentHashMap<>();
    private final RingCentralSubscriptions subscriptions;
    private final Map<String, Attachment> recordings = new ConcurrentHashMap<>();
    private volatile int maxPerPage = MAX_PER_PAGE;
    private volatile int recordingBytes = DEFAULT_RECORDING_BYTES;
    private volatile Duration recordingDelay = Duration.ZERO;
    private volatile Duration accessTokenLifetime = DEFAULT_ACCESS_TOKEN_LIFETIME;
    private volatile Duration refreshTokenLifetime = DEFAULT_REFRESH_TOKEN_LIFETIME;
    private volatile boolean rejectCredentials;
    private volatile boolean enforceThrottling;
    private volatile boolean declineNextConsent;
    private volatile boolean jwtRevoked;
    private volatile boolean recordExchanges;
    private volatile Duration responseDelay = Duration.ZERO;
    private volatile int rateLimitEvery;
    private volatile Duration rateLimitRetryAfter = Duration.ofSeconds(60);
    private volatile int failEvery;
    private volatile int failEveryStatus = 503;
    private final Set<String> withheldPermissions = ConcurrentHashMap.newKeySet();

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, AccessGrant> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, RefreshGrant> refreshTokens = new ConcurrentHashMap<>();
    private final Map<String, AuthorizationCode> codes = new ConcurrentHashMap<>();
    private final Map<String, GroupBudget> budgets = new ConcurrentHashMap<>();
    private final AtomicLong tokenSerial = new AtomicLong();

    private final AtomicLong apiRequests = new AtomicLong();
    private final AtomicLong tokenRequests = new AtomicLong();
    private final AtomicLong tokensIssued = new AtomicLong();
    private final AtomicLong refreshTokensRotated = new AtomicLong();
    private final AtomicLong invalidGrants = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong serverErrors = new AtomicLong();
    private final AtomicLong recordingsServed = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicReference<Instant> firstRecordingRequestedAt =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final AtomicLong recordingsTruncated = new AtomicLong();
    private final Map<String, AtomicLong> requestsByPath = new ConcurrentHashMap<>();
    private final List<Duration> pendingRateLimits = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> pendingFailures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger pendingTruncations = new AtomicInteger();
    private final AtomicInteger pendingEmptyListings = new AtomicInteger();
    private final List<RecordedExchange> exchanges = Collections.synchronizedList(new ArrayList<>());
    // wall-clock arrival of every request, for tests of how fast an engine stops its traffic
    private final List<Instant> arrivals = Collections.synchronizedList(new ArrayList<>());
    private volatile java.util.function.LongConsumer afterRecording = served -> { };

    private RingCentralSimulator(Clock clock) throws IOException {
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        this.subscriptions = new RingCentralSubscriptions(clock, json, executor, this::baseUrl);
        server.createContext("/", this::handle);
        server.start();
        reset();
    }

    /** Starts a simulator on a free loopback port, with the system clock. */
    public static RingCentralSimulator start() {
        return start(Clock.systemUTC());
    }

    /** Starts a simulator whose tokens, rate-limit windows and late recordings follow {@code clock}. */
    public static RingCentralSimulator start(Clock clock) {
        try {
            return new RingCentralSimulator(clock);
        } catch (IOException failure) {
            throw new IllegalStateException("could not bind the RingCentral simulator to a loopback port", failure);
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
        windowBounds = WindowBounds.HALF_OPEN;
        callLogDelay = Duration.ZERO;
        endNotified.clear();
        subscriptions.reset();
        recordings.clear();
        maxPerPage = MAX_PER_PAGE;
        recordingBytes = DEFAULT_RECORDING_BYTES;
        recordingDelay = Duration.ZERO;
        accessTokenLifetime = DEFAULT_ACCESS_TOKEN_LIFETIME;
        refreshTokenLifetime = DEFAULT_REFRESH_TOKEN_LIFETIME;
        rejectCredentials = false;
        enforceThrottling = false;
        declineNextConsent = false;
        jwtRevoked = false;
        recordExchanges = false;
        responseDelay = Duration.ZERO;
        rateLimitEvery = 0;
        failEvery = 0;
        withheldPermissions.clear();
        sessions.clear();
        accessTokens.clear();
        refreshTokens.clear();
        codes.clear();
        budgets.clear();
        Session test = new Session("test-session", "test token");
        sessions.put(test.id, test);
        accessTokens.put(TEST_ACCESS_TOKEN, new AccessGrant(test.id, Instant.MAX));
        for (AtomicLong counter : List.of(apiRequests, tokenRequests, tokensIssued, refreshTokensRotated, invalidGrants,
                rateLimited, serverErrors, recordingsServed, recordingsTruncated)) {
            counter.set(0);
        }
        firstRecordingRequestedAt.set(null);
        requestsByPath.clear();
        pendingRateLimits.clear();
        pendingFailures.clear();
        pendingTruncations.set(0);
        pendingEmptyListings.set(0);
        exchanges.clear();
        arrivals.clear();
        afterRecording = served -> { };
    }

    /**
     * Seeds {@code count} voice calls over the window. RingCentral has no private calls and no transcripts, so
     * {@link CallMix#privateShare()} and {@link CallMix#withoutTranscriptShare()} do not apply; every call has two
     * parties (caller and callee).
     */
    @Override
    public List<SeededCall> seed(int count, DateWindow window, CallMix mix, long randomSeed) {
        if (count < 0) {
            throw new IllegalArgumentException("cannot seed " + count + " calls");
        }
        SplittableRandom random = new SplittableRandom(randomSeed);
        long windowMillis = window.length().toMillis();
        Set<String> ids = new LinkedHashSet<>();
        List<SimulatedCall> seeded = new ArrayList<>(count);
        recordings.clear();
        for (int i = 0; i < count; i++) {
            String id;
            do {
                id = recordId(random);
            } while (!ids.add(id));
            long slot = windowMillis / Math.max(1, count);
            Instant started = window.from().plusMillis(windowMillis * i / Math.max(1, count) + random.nextLong(Math.max(1, slot / 2)));
            SimulatedCall call = new SimulatedCall(id, Long.toString(random.nextLong(4_000_000_000L, 9_000_000_000L)),
                    "s-" + HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong()),
                    started, 20 + random.nextInt(1_800), i % 2 == 0 ? "Outbound" : "Inbound", i % 9 == 4, random.nextLong(), i, null);
            seeded.add(call);
            if (!CallMix.falls(i, mix.withoutRecordingShare(), 7)) {
                recordings.put(id, new Attachment(recordingIdFor(call), null));
            }
        }
        calls = new Calls(seeded);
        return seeded.stream().map(this::describe).toList();
    }

    /** Seeds with {@link CallMix#TYPICAL}: ~10% of calls without a recording. */
    public List<SeededCall> seed(int count, DateWindow window, long randomSeed) {
        return seed(count, window, CallMix.TYPICAL, randomSeed);
    }

    /**
     * The most records a call-log page holds from now on, whatever {@code perPage} asks for (default 1,000,
     * RingCentral's maximum); a test knob so that a few calls span several pages. Real RingCentral serves the
     * {@code perPage} asked for, up to 1,000, and reports the size served in {@code paging.perPage}.
     */
    @Override
    public void usePageSize(int size) {
        if (size < 1 || size > MAX_PER_PAGE) {
            throw new IllegalArgumentException("a RingCentral page holds 1 to " + MAX_PER_PAGE + " records, not " + size);
        }
        maxPerPage = size;
    }

    @Override
    public String recordingSha256(String callId) {
        Attachment attachment = recordings.get(callId);
        SimulatedCall call = calls.byId.get(callId);
        if (call == null || attachment == null) {
            throw new IllegalArgumentException("call " + callId + " has no recording in the simulator");
        }
        MessageDigest digest = sha256();
        byte[] chunk = new byte[8192];
        SplittableRandom bytes = new SplittableRandom(call.seed + 2);
        for (int written = 0; written < recordingBytes; written += chunk.length) {
            int length = Math.min(chunk.length, recordingBytes - written);
            fill(bytes, chunk, length);
            digest.update(chunk, 0, length);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Requests to {@code /restapi/v1.0/…}, recording content included (RingCentral counts it as an API request). */
    @Override
    public long apiRequestsReceived() {
        return apiRequests.get();
    }

    /** Refuses every bearer token with 401 while {@code reject} holds. */
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
        subscriptions.close();
        executor.shutdownNow();
    }

    // ---- calls and recordings ----

    /** The seeded calls that have a recording now (late ones included once attached). */
    public Set<String> callsWithRecording() {
        Set<String> ids = new LinkedHashSet<>();
        Instant now = clock.instant();
        for (SimulatedCall call : calls.sorted) {
            if (visibleRecording(call, now) != null) {
                ids.add(call.id);
            }
        }
        return ids;
    }

    /**
     * Attaches a recording to a call that had none, as RingCentral does when a recording finishes processing
     * after the call: from now on the call log lists it (with a later {@code lastModifiedTime}) and its content
     * is served.
     *
     * @return the recording's id
     */
    public String attachRecording(String callId) {
        SimulatedCall call = calls.byId.get(callId);
        if (call == null) {
            throw new IllegalArgumentException("no call " + callId + " was seeded");
        }
        Attachment attachment = new Attachment(recordingIdFor(call), clock.instant());
        if (recordings.putIfAbsent(callId, attachment) != null) {
            throw new IllegalStateException("call " + callId + " already has a recording");
        }
        return attachment.recordingId;
    }

    /** Seeded recordings appear only {@code delay} after their call ends (simulator clock); zero: with the call. */
    public void delayRecordings(Duration delay) {
        recordingDelay = delay;
    }

    /** Size of every recording served from now on. */
    public void useRecordingSize(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("a recording has at least one byte, not " + bytes);
        }
        recordingBytes = bytes;
    }

    // ---- calls placed while running, and their notifications ----

    /**
     * A call that ends now (simulator clock), {@code length} long, joins the call log beside the seeded ones (the
     * call log lists it {@link #delayCallLog} after now), with a recording that attaches like a seeded one's when
     * {@code recorded}. Then every active subscription is sent a telephony-session event for it with status
     * {@code Disconnected}, asynchronously ({@link #deliveries()}, {@link #awaitDeliveries}).
     *
     * @return the call; its telephony session id is {@link #telephonySessionId(String)}
     */
    public SeededCall placeCall(Duration length, boolean recorded) {
        if (length.toSeconds() < 1) {
            throw new IllegalArgumentException("a placed call lasts at least a second, not " + length);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        SimulatedCall call;
        synchronized (placing) {
            Calls current = calls;
            SplittableRandom random = new SplittableRandom(0x9E3779B97F4A7C15L * callsPlaced.incrementAndGet());
            String id;
            do {
                id = recordId(random);
            } while (current.byId.containsKey(id));
            int index = current.sorted.size();
            call = new SimulatedCall(id, Long.toString(random.nextLong(4_000_000_000L, 9_000_000_000L)),
                    "s-" + HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong()),
                    now.minusSeconds(length.toSeconds()), (int) length.toSeconds(), index % 2 == 0 ? "Outbound" : "Inbound",
                    false, random.nextLong(), index, now.plus(callLogDelay));
            if (recorded) {
                recordings.put(id, new Attachment(recordingIdFor(call), null));
            }
            List<SimulatedCall> all = new ArrayList<>(current.sorted);
            all.add(call);
            calls = new Calls(all);
        }
        announce(call, call.telephonySessionId, "Disconnected", now);
        return describe(call);
    }

    /**
     * Sends every active subscription a telephony-session event with status {@code statusCode} (RC spec
     * CallStatusInfo: Setup, Proceeding, Answered, Disconnected, Gone, …) for a session, which may be a placed or
     * seeded call's (its parties are then the call's) or one the call log does not know.
     */
    public void notifySession(String telephonySessionId, String statusCode) {
        if (!SESSION_STATUS_CODES.contains(statusCode)) {
            throw new IllegalArgumentException("RingCentral has no call status " + statusCode + "; one of " + SESSION_STATUS_CODES);
        }
        SimulatedCall call = calls.sorted.stream().filter(c -> c.telephonySessionId.equals(telephonySessionId)).findFirst().orElse(null);
        announce(call, telephonySessionId, statusCode, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    }

    /** Placed calls appear in the call log {@code delay} after their notification (simulator clock); zero: at once. */
    public void delayCallLog(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("the call log cannot list a call before it ends: " + delay);
        }
        callLogDelay = delay;
    }

    /** The telephony session of a seeded or placed call: the key its notifications and the call log share. */
    public String telephonySessionId(String vendorCallId) {
        SimulatedCall call = calls.byId.get(vendorCallId);
        if (call == null) {
            throw new IllegalArgumentException("no call " + vendorCallId + " was seeded or placed");
        }
        return call.telephonySessionId;
    }

    /** When RingCentral first sent notice that the call ended (Disconnected or Gone); empty if no subscription was told. */
    public Optional<Instant> notifiedAt(String vendorCallId) {
        return Optional.ofNullable(endNotified.get(vendorCallId));
    }

    // ---- subscriptions ----

    /** The subscriptions RingCentral has now, oldest first: expired ones are gone, blacklisted ones stay until deleted. */
    public List<SubscriptionView> subscriptions() {
        return subscriptions.views();
    }

    /** RingCentral loses a subscription: no more deliveries, and reading, renewing or deleting it answers 404. */
    public void dropSubscription(String id) {
        subscriptions.drop(id);
    }

    /**
     * RingCentral blacklists a subscription (as it does after failed deliveries): it receives nothing more, and renewing
     * it answers 200 with status Blacklisted and its expiration unchanged; it stays until deleted or expired.
     */
    public void blacklistSubscription(String id) {
        subscriptions.blacklist(id);
    }

    /**
     * RingCentral accepts new subscriptions but lists their event filters under {@code disabledFilters} with
     * {@code reason} (RC spec SubscriptionInfo: "events the user is not subscribed to due to certain limitations"),
     * so they receive nothing; null restores the default.
     */
    public void disableEventFilters(String reason) {
        subscriptions.disableFilters(reason);
    }

    /** Every notification POSTed so far, in the order the subscribers answered. */
    public List<Delivery> deliveries() {
        return subscriptions.deliveries();
    }

    /**
     * Waits until at least {@code count} notifications have been POSTed and answered (or failed), for tests of the
     * asynchronous delivery; fails with IllegalStateException after {@code timeout}.
     */
    public List<Delivery> awaitDeliveries(int count, Duration timeout) throws InterruptedException {
        return subscriptions.awaitDeliveries(count, timeout);
    }

    /**
     * One notification RingCentral POSTed to a subscription's address.
     *
     * @param sentAt  its {@code timestamp}, on the simulator's clock
     * @param status  the HTTP status the address answered; 0 when it could not be reached or did not answer within 3 s
     * @param body    the JSON sent, exactly
     * @param headers the headers set on the request: Content-Type, and Verification-Token when the subscription has one
     */
    public record Delivery(String subscriptionId, String uuid, String telephonySessionId, Instant sentAt, int status, String body,
                           Map<String, List<String>> headers) {
        public Delivery {
            Map<String, List<String>> copied = new LinkedHashMap<>();
            headers.forEach((name, values) -> copied.put(name, List.copyOf(values)));
            headers = Collections.unmodifiableMap(copied);
        }

        /** The request as our endpoint received it, to replay or to read with {@link RingCentralWebhooks#read}. */
        public InboundRequest asInboundRequest() {
            return new InboundRequest(headers, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A subscription as RingCentral holds it; {@code status} is Active or Blacklisted. */
    public record SubscriptionView(String id, URI address, String status, Instant expiresAt, int renewals) {
    }

    // ---- OAuth ----

    /** The authorize address an OAuth client sends the customer's browser to. */
    public URI authorizationUri() {
        return URI.create(baseUrl() + "/restapi/oauth/authorize");
    }

    /** The token address of {@code POST /restapi/oauth/token}. */
    public URI tokenUri() {
        return URI.create(baseUrl() + "/restapi/oauth/token");
    }

    /**
     * The JWT credential a customer's user created in RingCentral's developer console for {@link #CLIENT_ID}
     * (fixed for this simulator's address), to exchange with the {@link #JWT_BEARER_GRANT} grant.
     */
    public String jwtCredential() {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        String header = encoder.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = encoder.encodeToString(("{\"aud\":\"" + tokenUri() + "\",\"sub\":\"" + OWNER_EXTENSION_ID
                + "\",\"iss\":\"" + CLIENT_ID + "\",\"iat\":1767225600}").getBytes(StandardCharsets.UTF_8));
        String signature = encoder.encodeToString(sha256().digest((header + "." + claims + "|sim").getBytes(StandardCharsets.UTF_8)));
        return header + "." + claims + "." + signature;
    }

    /** The customer deletes the JWT credential: exchanging it answers 400 invalid_grant from now on. */
    public void revokeJwtCredential() {
        jwtRevoked = true;
    }

    /** The next authorize request is declined by the customer: redirect with {@code error=access_denied}. */
    public void declineNextConsent() {
        declineNextConsent = true;
    }

    /**
     * Withholds a permission from every token, current and future: an app permission such as {@code ReadCallLog}
     * (as if the app registration lacked it; left out of the token's {@code scope}) or the user permission
     * {@link #COMPANY_CALL_LOG_PERMISSION} (as if a non-admin signed in). Requests that need it answer 403 with
     * RingCentral's error naming it.
     */
    public void withholdPermission(String permission) {
        withheldPermissions.add(permission);
    }

    /** Grants again a permission {@link #withholdPermission withheld} earlier, as when an admin fixes the role or app. */
    public void restorePermission(String permission) {
        withheldPermissions.remove(permission);
    }

    /**
     * Revokes every grant, as when the admin removes the app or signs out everywhere: access tokens (the test
     * token included) answer 401, refresh tokens 400 invalid_grant.
     */
    public void revokeGrants() {
        sessions.values().forEach(session -> session.revoked = true);
    }

    /** Lifetimes of tokens issued from now on (RingCentral: access 1 h, refresh 7 days). */
    public void useTokenLifetimes(Duration accessToken, Duration refreshToken) {
        accessTokenLifetime = accessToken;
        refreshTokenLifetime = refreshToken;
    }

    /** Requests to {@code /restapi/oauth/token}. */
    public long tokenRequestsReceived() {
        return tokenRequests.get();
    }

    /** Access tokens issued by the token endpoint (by any grant). */
    public long tokensIssued() {
        return tokensIssued.get();
    }

    /** Refresh tokens exchanged, each voiding itself and its access token for a new pair. */
    public long refreshTokensRotated() {
        return refreshTokensRotated.get();
    }

    /** Token requests answered 400 invalid_grant (reused, expired or revoked refresh tokens, codes, JWTs). */
    public long invalidGrantResponses() {
        return invalidGrants.get();
    }

    // ---- rate-limit groups ----

    /**
     * Enforces the default usage plan's groups ({@link #GROUP_LIMITS}) per 60 s sliding window on the simulator's
     * clock: a request over the limit gets 429 with {@code Retry-After: 60} and starts a 60 s penalty during which
     * the group refuses every request and restarts the penalty (as RingCentral documents).
     */
    public void enforceThrottlingGroups(boolean enforce) {
        enforceThrottling = enforce;
    }

    /** Requests received in a throttling group ("Light", "Medium", "Heavy", "Auth"), refused ones included. */
    public long requestsInGroup(String group) {
        GroupBudget budget = budgets.get(group);
        return budget == null ? 0 : budget.received();
    }

    /** Penalties a group started: requests that went over its limit outside a penalty. */
    public long penaltiesStarted(String group) {
        GroupBudget budget = budgets.get(group);
        return budget == null ? 0 : budget.penalties();
    }

    /** Requests sent during a group's penalty, each of which restarted it. */
    public long penaltyRestarts(String group) {
        GroupBudget budget = budgets.get(group);
        return budget == null ? 0 : budget.restarts();
    }

    /** Every 429 sent, by throttling or by the fault script. */
    public long rateLimitedResponses() {
        return rateLimited.get();
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

    /** Answers the next call-log request with an empty page and no next page, whatever was asked. */
    public void answerNextListingEmpty() {
        pendingEmptyListings.incrementAndGet();
    }

    /** Delays every answer by {@code delay}; the only way this simulator ever sleeps. */
    public void delayResponses(Duration delay) {
        responseDelay = delay;
    }

    /** Keeps every exchange (API and OAuth) from now on, for checks against RingCentral's OpenAPI document. */
    public void recordExchanges(boolean record) {
        recordExchanges = record;
    }

    public List<RecordedExchange> exchanges() {
        synchronized (exchanges) {
            return List.copyOf(exchanges);
        }
    }

    public long serverErrorResponses() {
        return serverErrors.get();
    }

    public long recordingsServed() {
        return recordingsServed.get();
    }

    /** When the first recording content was served since the last {@link #reset()} (simulator clock); empty: none yet. */
    public Optional<Instant> firstRecordingServedAt() {
        return Optional.ofNullable(firstRecordingRequestedAt.get());
    }

    public long recordingsTruncated() {
        return recordingsTruncated.get();
    }

    /** Requests of any kind that arrived (by the wall clock) after {@code moment}. */
    public long requestsArrivedAfter(Instant moment) {
        synchronized (arrivals) {
            return arrivals.stream().filter(arrival -> arrival.isAfter(moment)).count();
        }
    }

    /**
     * Runs {@code action} with the running count of recordings served, right after each one was served in full
     * (e.g. to move a test's clock on as downloads take time, or to revoke grants in the middle of a page).
     */
    public void afterEachRecording(java.util.function.LongConsumer action) {
        afterRecording = action;
    }

    /** Requests received for one path, e.g. {@code /restapi/v1.0/account/~/call-log}. */
    public long requestsTo(String path) {
        AtomicLong counter = requestsByPath.get(path);
        return counter == null ? 0 : counter.get();
    }

    // ---- serving ----

    private void handle(HttpExchange exchange) throws IOException {
        arrivals.add(Instant.now());
        try (exchange) {
            Duration delay = responseDelay;
            if (!delay.isZero()) {
                Thread.sleep(delay);
            }
            String path = exchange.getRequestURI().getPath();
            requestsByPath.computeIfAbsent(path, key -> new AtomicLong()).incrementAndGet();
            byte[] requestBody = exchange.getRequestBody().readAllBytes();
            Map<String, List<String>> query = form(exchange.getRequestURI().getRawQuery());
            String method = exchange.getRequestMethod();
            Reply reply;
            if (path.startsWith("/restapi/oauth/")) {
                reply = oauth(exchange, method, path, query, requestBody);
            } else if (path.startsWith(RingCentralSubscriptions.SUBSCRIPTION_PATH)) {
                reply = subscriptionApi(exchange, method, path, requestBody);
            } else if (path.startsWith(API_PREFIX)) {
                reply = api(exchange, method, path, query);
            } else {
                reply = apiError(404, "CMN-102", "Resource for parameter [path] is not found", Map.of());
            }
            if (reply instanceof Reply.Recording recording) {
                serveRecording(exchange, recording);
                return;
            }
            send(exchange, method, path, query, requestBody, (Reply.Json) reply);
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(HttpExchange exchange, String method, String path, Map<String, List<String>> query, byte[] requestBody,
                      Reply.Json reply) throws IOException {
        byte[] body = reply.body == null ? new byte[0] : json.writeValueAsBytes(reply.body);
        if (reply.body != null) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        reply.headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        record(exchange, method, path, query, requestBody, reply.status, new String(body, StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(reply.status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private void record(HttpExchange exchange, String method, String path, Map<String, List<String>> query, byte[] requestBody,
                        int status, String responseBody) {
        if (!recordExchanges) {
            return;
        }
        Map<String, List<String>> requestHeaders = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> requestHeaders.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        Map<String, List<String>> responseHeaders = new HashMap<>();
        exchange.getResponseHeaders().forEach((name, values) -> responseHeaders.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        exchanges.add(new RecordedExchange(method, path, query, requestHeaders, new String(requestBody, StandardCharsets.UTF_8),
                status, responseHeaders, responseBody));
    }

    private Reply api(HttpExchange exchange, String method, String path, Map<String, List<String>> query) {
        long requestNumber = apiRequests.incrementAndGet();
        Matcher callLog = CALL_LOG.matcher(path);
        Matcher extension = EXTENSION.matcher(path);
        Matcher content = RECORDING_CONTENT.matcher(path);
        String group;
        List<String> appPermissions;
        List<String> userPermissions = List.of();
        if (callLog.matches()) {
            group = "Heavy";
            appPermissions = List.of("ReadCallLog");
            userPermissions = List.of(COMPANY_CALL_LOG_PERMISSION);
        } else if (content.matches()) {
            group = "Heavy";
            appPermissions = List.of("ReadCallRecording");
        } else if (extension.matches()) {
            group = "Light";
            appPermissions = List.of("ReadAccounts");
        } else {
            return apiError(404, "CMN-102", "Resource for parameter [path] is not found", Map.of());
        }
        if (!"GET".equals(method)) {
            return apiError(405, "CMN-105", "The requested method is not allowed", Map.of());
        }
        Map<String, String> limitHeaders = new LinkedHashMap<>();
        Reply refused = admit(exchange, requestNumber, group, appPermissions, userPermissions, limitHeaders);
        if (refused != null) {
            return refused;
        }
        String account = callLog.matches() ? callLog.group(1) : content.matches() ? content.group(1) : extension.group(1);
        if (!"~".equals(account) && !ACCOUNT_ID.equals(account)) {
            return apiError(404, "CMN-102", "Resource for parameter [accountId] is not found", limitHeaders);
        }
        try {
            if (callLog.matches()) {
                return callLog(path, query, limitHeaders);
            }
            if (content.matches()) {
                return recordingContent(content.group(2), limitHeaders);
            }
            String extensionId = extension.group(2);
            if (!"~".equals(extensionId) && !OWNER_EXTENSION_ID.equals(extensionId)) {
                return apiError(404, "CMN-102", "Resource for parameter [extensionId] is not found", limitHeaders);
            }
            return new Reply.Json(200, currentExtension(), limitHeaders);
        } catch (BadParameter bad) {
            return new Reply.Json(400, errors("CMN-101", bad.getMessage(), bad.parameter), limitHeaders);
        }
    }

    /**
     * Null when a request may be served: a current bearer token, room in its throttling group, no scripted fault,
     * and the permissions it needs; else the refusal. Fills the group's rate-limit headers.
     */
    private Reply admit(HttpExchange exchange, long requestNumber, String group, List<String> appPermissions,
                        List<String> userPermissions, Map<String, String> limitHeaders) {
        Reply refused = authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
        if (refused != null) {
            return refused;
        }
        Reply throttled = throttle(group, limitHeaders);
        if (throttled != null) {
            return throttled;
        }
        Duration limitedFor = pollFirst(pendingRateLimits);
        if (limitedFor == null && rateLimitEvery > 0 && requestNumber % rateLimitEvery == 0) {
            limitedFor = rateLimitRetryAfter;
        }
        if (limitedFor != null) {
            return rateLimitedReply(group, limitedFor, limitHeaders);
        }
        Integer failure = pollFirst(pendingFailures);
        if (failure == null && failEvery > 0 && requestNumber % failEvery == 0) {
            failure = failEveryStatus;
        }
        if (failure != null) {
            serverErrors.incrementAndGet();
            return apiError(failure, failure == 503 ? "CMN-211" : "CMN-201", "Service temporary unavailable", limitHeaders);
        }
        for (String permission : appPermissions) {
            if (withheldPermissions.contains(permission)) {
                return permissionMissing("CMN-401", "In order to call this API endpoint, application needs to have ["
                        + permission + "] permission", permission, limitHeaders);
            }
        }
        for (String permission : userPermissions) {
            if (withheldPermissions.contains(permission)) {
                return permissionMissing("CMN-408", "In order to call this API endpoint, user needs to have ["
                        + permission + "] permission for requested resource.", permission, limitHeaders);
            }
        }
        return null;
    }

    /**
     * The subscription API, in the throttling groups of RingCentral's spec: create and delete Medium; list, read
     * and renew Light. Creating one for telephony-session events needs the CallControl app permission.
     */
    private Reply subscriptionApi(HttpExchange exchange, String method, String path, byte[] requestBody) throws InterruptedException {
        long requestNumber = apiRequests.incrementAndGet();
        Matcher matcher = SUBSCRIPTION.matcher(path);
        if (!matcher.matches()) {
            return apiError(404, "CMN-102", "Resource for parameter [path] is not found", Map.of());
        }
        String id = matcher.group(1);
        boolean renew = matcher.group(2) != null;
        String operation = method + (id == null ? " list" : renew ? " renew" : " one");
        String group = switch (operation) {
            case "POST list", "DELETE one" -> "Medium";
            case "GET list", "GET one", "POST renew" -> "Light";
            default -> null;
        };
        if (group == null) {
            return apiError(405, "CMN-105", "The requested method is not allowed", Map.of());
        }
        List<String> appPermissions = operation.equals("POST list") ? List.of(CALL_CONTROL_PERMISSION) : List.of();
        Map<String, String> limitHeaders = new LinkedHashMap<>();
        Reply refused = admit(exchange, requestNumber, group, appPermissions, List.of(), limitHeaders);
        if (refused != null) {
            return refused;
        }
        RingCentralSubscriptions.Answer answer = switch (operation) {
            case "POST list" -> subscriptions.create(OWNER_EXTENSION_ID, requestBody);
            case "GET list" -> subscriptions.list(OWNER_EXTENSION_ID);
            case "GET one" -> subscriptions.read(id);
            case "POST renew" -> subscriptions.renew(id);
            default -> subscriptions.delete(id);
        };
        return new Reply.Json(answer.status(), answer.body(), limitHeaders);
    }

    /** Null when the bearer token is current, else RingCentral's 401. */
    private Reply authenticate(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return apiError(401, "AGW-401", "Authorization header is not specified", Map.of());
        }
        AccessGrant grant = accessTokens.get(authorization.substring("Bearer ".length()).strip());
        Session session = grant == null ? null : sessions.get(grant.sessionId);
        if (rejectCredentials || grant == null || session == null || session.revoked) {
            return apiError(401, "TokenInvalid", "Access token is invalid", Map.of());
        }
        if (!clock.instant().isBefore(grant.expiresAt)) {
            return apiError(401, "TokenExpired", "Access token expired", Map.of());
        }
        return null;
    }

    /** Null when the group admits the request; always fills the group's X-Rate-Limit headers. */
    private Reply throttle(String group, Map<String, String> limitHeaders) {
        GroupBudget budget = budgets.computeIfAbsent(group, name -> new GroupBudget(GROUP_LIMITS.get(name)));
        GroupBudget.Verdict verdict = budget.take(clock.instant(), enforceThrottling);
        limitHeaders.put("X-Rate-Limit-Group", group);
        limitHeaders.put("X-Rate-Limit-Limit", Integer.toString(budget.limit));
        limitHeaders.put("X-Rate-Limit-Remaining", Integer.toString(verdict.remaining()));
        limitHeaders.put("X-Rate-Limit-Window", Long.toString(WINDOW.toSeconds()));
        if (verdict.admitted()) {
            return null;
        }
        return rateLimitedReply(group, PENALTY, limitHeaders);
    }

    private Reply callLog(String path, Map<String, List<String>> query, Map<String, String> limitHeaders) {
        Instant to = dateParameter(query, "dateTo", clock.instant());
        // RC spec: dateFrom defaults to dateTo minus 24 hours
        Instant from = dateParameter(query, "dateFrom", to.minus(Duration.ofHours(24)));
        String view = first(query, "view") == null ? "Simple" : first(query, "view");
        if (!view.equals("Simple") && !view.equals("Detailed")) {
            throw new BadParameter("view", "Parameter [view] value is invalid");
        }
        int page = integer(query, "page", 1, 1, Integer.MAX_VALUE);
        String perPageValue = first(query, "perPage");
        int perPage = "max".equals(perPageValue) ? MAX_PER_PAGE
                : Math.min(MAX_PER_PAGE, integer(query, "perPage", DEFAULT_PER_PAGE, 1, Integer.MAX_VALUE));
        perPage = Math.min(perPage, maxPerPage);
        String recordingType = first(query, "recordingType");
        boolean onlyRecorded = recordingType != null || Boolean.parseBoolean(first(query, "withRecording"));
        String telephonySessionId = first(query, "telephonySessionId");
        Instant now = clock.instant();
        List<SimulatedCall> selected = new ArrayList<>();
        for (SimulatedCall call : calls.newestFirst) {
            if (windowBounds.admits(call.started, from, to) && !call.started.isAfter(now)
                    && (call.loggedFrom == null || !now.isBefore(call.loggedFrom))
                    && (telephonySessionId == null || telephonySessionId.equals(call.telephonySessionId))
                    && (!onlyRecorded || visibleRecording(call, now) != null)) {
                selected.add(call);
            }
        }
        if (pendingEmptyListings.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            selected = List.of();
        }
        int start = (int) Math.min(selected.size(), (long) (page - 1) * perPage);
        int end = Math.min(selected.size(), start + perPage);
        ObjectNode reply = json.createObjectNode();
        reply.put("uri", pageUri(path, query, page, perPage));
        ArrayNode records = reply.putArray("records");
        for (SimulatedCall call : selected.subList(start, end)) {
            records.add(record(call, "Detailed".equals(view), now));
        }
        ObjectNode navigation = reply.putObject("navigation");
        navigation.putObject("firstPage").put("uri", pageUri(path, query, 1, perPage));
        if (end < selected.size()) {
            navigation.putObject("nextPage").put("uri", pageUri(path, query, page + 1, perPage));
        }
        if (page > 1) {
            navigation.putObject("previousPage").put("uri", pageUri(path, query, page - 1, perPage));
        }
        // no totalPages / totalElements / lastPage: the call log leaves them out (RC spec: "may be omitted")
        ObjectNode paging = reply.putObject("paging");
        paging.put("page", page);
        paging.put("perPage", perPage);
        if (end > start) {
            paging.put("pageStart", start);
            paging.put("pageEnd", end - 1);
        }
        return new Reply.Json(200, reply, limitHeaders);
    }

    private Reply recordingContent(String recordingId, Map<String, String> limitHeaders) {
        Instant now = clock.instant();
        for (SimulatedCall call : calls.sorted) {
            Attachment attachment = visibleRecording(call, now);
            if (attachment != null && attachment.recordingId.equals(recordingId)) {
                boolean truncate = pendingTruncations.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
                return new Reply.Recording(call, truncate, limitHeaders);
            }
        }
        return apiError(404, "CMN-102", "Resource for parameter [recordingId] is not found", limitHeaders);
    }

    private void serveRecording(HttpExchange exchange, Reply.Recording reply) throws IOException {
        firstRecordingRequestedAt.compareAndSet(null, clock.instant());
        int size = recordingBytes;
        reply.headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.getResponseHeaders().set("Content-Type", "audio/mpeg");
        exchange.getResponseHeaders().set("Content-Disposition", "inline");
        record(exchange, exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                form(exchange.getRequestURI().getRawQuery()), new byte[0], 200, "(" + size + " bytes of audio/mpeg)");
        exchange.sendResponseHeaders(200, size);
        OutputStream out = exchange.getResponseBody();
        byte[] chunk = new byte[8192];
        SplittableRandom bytes = new SplittableRandom(reply.call.seed + 2);
        int limit = reply.truncate ? size / 2 : size;
        for (int written = 0; written < limit; written += chunk.length) {
            int length = Math.min(chunk.length, size - written);
            fill(bytes, chunk, length);
            out.write(chunk, 0, Math.min(length, limit - written));
        }
        out.flush();
        if (reply.truncate) {
            recordingsTruncated.incrementAndGet();
            // a handler that fails makes the JDK server drop the connection at once, like a cut download
            throw new IOException("recording of call " + reply.call.id + " truncated on purpose after " + limit + " of " + size + " bytes");
        }
        out.close();
        afterRecording.accept(recordingsServed.incrementAndGet());
    }

    // ---- OAuth serving ----

    private Reply oauth(HttpExchange exchange, String method, String path, Map<String, List<String>> query, byte[] body) {
        Map<String, String> limitHeaders = new LinkedHashMap<>();
        if (path.equals("/restapi/oauth/token")) {
            tokenRequests.incrementAndGet();
        }
        Reply throttled = throttle("Auth", limitHeaders);
        if (throttled != null) {
            return throttled;
        }
        return switch (method + " " + path) {
            case "GET /restapi/oauth/authorize" -> authorize(query);
            case "POST /restapi/oauth/token" -> token(exchange.getRequestHeaders().getFirst("Authorization"),
                    form(new String(body, StandardCharsets.UTF_8)), limitHeaders);
            case "POST /restapi/oauth/revoke" -> revoke(exchange.getRequestHeaders().getFirst("Authorization"),
                    form(new String(body, StandardCharsets.UTF_8)));
            default -> apiError(404, "CMN-102", "Resource for parameter [path] is not found", Map.of());
        };
    }

    private Reply authorize(Map<String, List<String>> query) {
        String redirect = first(query, "redirect_uri");
        if (!CLIENT_ID.equals(first(query, "client_id"))) {
            return oauthError(400, "invalid_request", "OAU-250", "Client [" + first(query, "client_id") + "] is not found");
        }
        URI redirectUri;
        try {
            redirectUri = redirect == null ? null : URI.create(redirect);
        } catch (IllegalArgumentException malformed) {
            redirectUri = null;
        }
        if (redirectUri == null || redirectUri.getScheme() == null || !redirectUri.getScheme().startsWith("http")) {
            return oauthError(400, "invalid_request", "OAU-109", "Redirect URI is missing or invalid");
        }
        String state = first(query, "state");
        if (declineNextConsent) {
            declineNextConsent = false;
            return redirect(redirect, "error=access_denied&error_description=" + encode("The user declined the authorization")
                    + (state == null ? "" : "&state=" + encode(state)));
        }
        if (!"code".equals(first(query, "response_type"))) {
            return redirect(redirect, "error=unsupported_response_type" + (state == null ? "" : "&state=" + encode(state)));
        }
        String challenge = first(query, "code_challenge");
        String challengeMethod = first(query, "code_challenge_method");
        if (challenge != null && challengeMethod != null && !"S256".equals(challengeMethod)) {
            return redirect(redirect, "error=invalid_request&error_description=" + encode("Unsupported code_challenge_method")
                    + (state == null ? "" : "&state=" + encode(state)));
        }
        String code = "sim-code-" + tokenSerial.incrementAndGet() + "-" + HexFormat.of().toHexDigits(new SplittableRandom(System.nanoTime()).nextLong());
        codes.put(code, new AuthorizationCode(redirect, challenge, clock.instant().plus(CODE_LIFETIME)));
        // RC docs (auth-code flow): the redirect carries code, state and expires_in=60
        return redirect(redirect, "code=" + encode(code) + (state == null ? "" : "&state=" + encode(state))
                + "&expires_in=" + CODE_LIFETIME.toSeconds());
    }

    private Reply token(String authorization, Map<String, List<String>> form, Map<String, String> limitHeaders) {
        String expected = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(authorization)) {
            return oauthError(400, "invalid_client", "OAU-123", "Client authentication is required");
        }
        String grantType = first(form, "grant_type");
        if (grantType == null) {
            return oauthError(400, "invalid_request", "OAU-101", "Parameter [grant_type] is missing");
        }
        Instant now = clock.instant();
        return switch (grantType) {
            case "authorization_code" -> {
                String code = first(form, "code");
                AuthorizationCode issued = code == null ? null : codes.remove(code);
                if (issued == null || !now.isBefore(issued.expiresAt)) {
                    yield invalidGrant("OAU-213", "Authorization code is invalid or expired");
                }
                if (!issued.redirectUri.equals(first(form, "redirect_uri"))) {
                    yield invalidGrant("OAU-109", "Redirect URI does not match the one of the authorization request");
                }
                if (issued.codeChallenge != null) {
                    String verifier = first(form, "code_verifier");
                    String derived = verifier == null ? null : Base64.getUrlEncoder().withoutPadding()
                            .encodeToString(sha256().digest(verifier.getBytes(StandardCharsets.US_ASCII)));
                    if (!issued.codeChallenge.equals(derived)) {
                        yield invalidGrant("OAU-204", "Code verifier does not match the code challenge");
                    }
                }
                yield issue(new Session("session-" + tokenSerial.incrementAndGet(), grantType), limitHeaders);
            }
            case "refresh_token" -> {
                String presented = first(form, "refresh_token");
                RefreshGrant grant = presented == null ? null : refreshTokens.remove(presented);
                Session session = grant == null ? null : sessions.get(grant.sessionId);
                if (grant == null || session == null || session.revoked || !now.isBefore(grant.expiresAt)) {
                    yield invalidGrant("OAU-211", "Token is revoked, expired or unknown");
                }
                // rotation: the old refresh token is gone (removed above) and so is the session's access token
                accessTokens.values().removeIf(access -> access.sessionId.equals(session.id));
                refreshTokensRotated.incrementAndGet();
                yield issue(session, limitHeaders);
            }
            case JWT_BEARER_GRANT -> {
                if (jwtRevoked || !jwtCredential().equals(first(form, "assertion"))) {
                    yield invalidGrant("OAU-213", "JWT assertion is invalid, revoked or not issued for this client");
                }
                yield issue(new Session("session-" + tokenSerial.incrementAndGet(), grantType), limitHeaders);
            }
            default -> oauthError(400, "unsupported_grant_type", "OAU-103", "Unsupported grant type [" + grantType + "]");
        };
    }

    private Reply revoke(String authorization, Map<String, List<String>> form) {
        String expected = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(authorization)) {
            return oauthError(400, "invalid_client", "OAU-123", "Client authentication is required");
        }
        String token = first(form, "token");
        String sessionId = null;
        if (token != null && accessTokens.containsKey(token)) {
            sessionId = accessTokens.get(token).sessionId;
        } else if (token != null && refreshTokens.containsKey(token)) {
            sessionId = refreshTokens.get(token).sessionId;
        }
        // RC docs: revoking any token of a session ends the whole session
        Session session = sessionId == null ? null : sessions.get(sessionId);
        if (session != null) {
            session.revoked = true;
        }
        return new Reply.Json(200, null, Map.of());
    }

    private Reply issue(Session session, Map<String, String> limitHeaders) {
        sessions.put(session.id, session);
        Instant now = clock.instant();
        String access = "sim-rc-at-" + tokenSerial.incrementAndGet() + "-" + Long.toHexString(new SplittableRandom(System.nanoTime()).nextLong());
        String refresh = "sim-rc-rt-" + tokenSerial.incrementAndGet() + "-" + Long.toHexString(new SplittableRandom(System.nanoTime() + 1).nextLong());
        Duration accessLifetime = accessTokenLifetime;
        Duration refreshLifetime = refreshTokenLifetime;
        accessTokens.put(access, new AccessGrant(session.id, now.plus(accessLifetime)));
        refreshTokens.put(refresh, new RefreshGrant(session.id, now.plus(refreshLifetime)));
        tokensIssued.incrementAndGet();
        ObjectNode body = json.createObjectNode();
        body.put("access_token", access);
        body.put("token_type", "bearer");
        body.put("expires_in", accessLifetime.toSeconds());
        body.put("refresh_token", refresh);
        body.put("refresh_token_expires_in", refreshLifetime.toSeconds());
        body.put("scope", String.join(" ", APP_PERMISSIONS.stream().filter(p -> !withheldPermissions.contains(p)).toList()));
        body.put("owner_id", OWNER_EXTENSION_ID);
        body.put("endpoint_id", "sim-endpoint-" + session.id);
        body.put("session_id", session.id);
        return new Reply.Json(200, body, limitHeaders);
    }

    private Reply invalidGrant(String code, String message) {
        invalidGrants.incrementAndGet();
        return oauthError(400, "invalid_grant", code, message);
    }

    private Reply oauthError(int status, String error, String code, String message) {
        // RC spec (OauthInvalidRequest): an RFC 6749 "error" code with RingCentral's "errors" array
        ObjectNode body = errors(code, message, null);
        body.put("error", error);
        // RFC 6749 section 5.2, which RingCentral's token endpoint follows beside its own "errors" array
        body.put("error_description", message);
        return new Reply.Json(status, body, Map.of());
    }

    private static Reply redirect(String redirectUri, String parameters) {
        String location = redirectUri + (redirectUri.contains("?") ? "&" : "?") + parameters;
        return new Reply.Json(302, null, Map.of("Location", location));
    }

    // ---- RingCentral's shapes ----

    private ObjectNode record(SimulatedCall call, boolean detailed, Instant now) {
        ObjectNode record = json.createObjectNode();
        String base = baseUrl().toString();
        record.put("uri", base + API_PREFIX + ACCOUNT_ID + "/call-log/" + call.id + "?view=" + (detailed ? "Detailed" : "Simple"));
        record.put("id", call.id);
        record.put("sessionId", call.sessionId);
        record.put("telephonySessionId", call.telephonySessionId);
        record.put("startTime", call.started.toString());
        record.put("duration", call.durationSeconds);
        record.put("durationMs", call.durationSeconds * 1000L);
        record.put("type", "Voice");
        record.put("internalType", call.internal ? "Usual" : "Local");
        record.put("direction", call.direction);
        record.put("action", call.internal ? "VoIP Call" : "Phone Call");
        String result = OUTCOMES[call.index % OUTCOMES.length];
        record.put("result", result);
        record.put("reason", "Missed".equals(result) ? "Not Answered" : "Accepted");
        record.put("transport", call.internal ? "VoIP" : "PSTN");
        record.put("partyId", partyId(call.telephonySessionId));
        ObjectNode user = party(call, 0, true);
        ObjectNode other = party(call, 1, call.internal);
        record.set("from", "Outbound".equals(call.direction) ? user : other);
        record.set("to", "Outbound".equals(call.direction) ? other : user);
        ObjectNode extension = record.putObject("extension");
        extension.put("uri", base + API_PREFIX + ACCOUNT_ID + "/extension/" + extensionId(call, 0));
        extension.put("id", Long.parseLong(extensionId(call, 0)));
        Attachment attachment = visibleRecording(call, now);
        if (attachment != null) {
            ObjectNode recording = record.putObject("recording");
            recording.put("uri", base + API_PREFIX + ACCOUNT_ID + "/recording/" + attachment.recordingId);
            recording.put("id", attachment.recordingId);
            recording.put("type", "Automatic");
            recording.put("contentUri", base + API_PREFIX + ACCOUNT_ID + "/recording/" + attachment.recordingId + "/content");
        }
        if (detailed) {
            Instant modified = call.ended();
            if (attachment != null && attachment.attachedAt != null && attachment.attachedAt.isAfter(modified)) {
                modified = attachment.attachedAt;
            }
            record.put("lastModifiedTime", modified.toString());
            record.put("finished", true);
            ObjectNode billing = record.putObject("billing");
            billing.put("costIncluded", 0.0);
            billing.put("costPurchased", 0.0);
            ObjectNode leg = record.putArray("legs").addObject();
            leg.put("startTime", call.started.toString());
            leg.put("duration", call.durationSeconds);
            leg.put("durationMs", call.durationSeconds * 1000L);
            leg.put("type", "Voice");
            leg.put("direction", call.direction);
            leg.put("action", call.internal ? "VoIP Call" : "Phone Call");
            leg.put("result", result);
            leg.put("legType", call.internal ? "ExtensionToExtension" : "Accept");
            leg.put("master", true);
            leg.put("telephonySessionId", call.telephonySessionId);
            leg.set("from", record.get("from").deepCopy());
            leg.set("to", record.get("to").deepCopy());
            leg.set("extension", extension.deepCopy());
        }
        return record;
    }

    /** Party {@code n} of a call: 0 is the account's user; 1 the other side, a user too on an internal call. */
    private ObjectNode party(SimulatedCall call, int n, boolean internal) {
        SplittableRandom random = new SplittableRandom(call.seed + n);
        ObjectNode party = json.createObjectNode();
        if (internal) {
            party.put("extensionNumber", Integer.toString(101 + random.nextInt(80)));
            party.put("extensionId", extensionId(call, n));
            party.put("name", FIRST_NAMES[random.nextInt(FIRST_NAMES.length)] + " " + LAST_NAMES[random.nextInt(LAST_NAMES.length)]);
            if (!call.internal) {
                party.put("phoneNumber", "+1650555" + String.format("%04d", random.nextInt(10_000)));
            }
        } else {
            party.put("phoneNumber", "+1415555" + String.format("%04d", random.nextInt(10_000)));
            party.put("location", CITIES[random.nextInt(CITIES.length)]);
            // RC names an outside party only when it can: leave some nameless
            if (call.index % 3 != 0) {
                party.put("name", LAST_NAMES[random.nextInt(LAST_NAMES.length)] + " Logistics");
            }
        }
        return party;
    }

    private static String extensionId(SimulatedCall call, int n) {
        return n == 0 && call.index % 4 == 0 ? OWNER_EXTENSION_ID
                : Long.toString(2_587_000_000L + Math.floorMod(call.seed + n, 600_000L));
    }

    private void announce(SimulatedCall call, String telephonySessionId, String statusCode, Instant now) {
        Optional<Instant> sent = subscriptions.deliver(telephonySessionId, sessionEvent(call, telephonySessionId, statusCode, now), now);
        if (call != null && ENDED_STATUS_CODES.contains(statusCode)) {
            sent.ifPresent(at -> endNotified.putIfAbsent(call.id, at));
        }
    }

    /**
     * The {@code body} of a telephony-session notification (RC spec TelephonySessionsEventBody; RC docs
     * code-samples/events/account-telephony-sessions.json): one party, the account's user, with the call's status.
     * The account id is on the party only: the docs' sample also has one on the body, which the spec does not allow.
     */
    private ObjectNode sessionEvent(SimulatedCall call, String telephonySessionId, String statusCode, Instant now) {
        ObjectNode body = json.createObjectNode();
        body.put("sessionId", call != null ? call.sessionId : Long.toString(4_000_000_000L + Math.floorMod(telephonySessionId.hashCode(), 1_000_000_000L)));
        body.put("telephonySessionId", telephonySessionId);
        body.put("serverId", "10.13.121.94.TAM");
        body.put("eventTime", now.toString());
        body.putObject("origin").put("type", "Call");
        ObjectNode party = body.putArray("parties").addObject();
        party.put("accountId", ACCOUNT_ID);
        party.put("extensionId", call != null ? extensionId(call, 0) : OWNER_EXTENSION_ID);
        party.put("id", partyId(telephonySessionId));
        party.put("direction", call != null ? call.direction : "Inbound");
        if (call != null) {
            ObjectNode user = shortParty(party(call, 0, true));
            ObjectNode other = shortParty(party(call, 1, call.internal));
            party.set("from", "Outbound".equals(call.direction) ? user : other);
            party.set("to", "Outbound".equals(call.direction) ? other : user);
        }
        party.putObject("status").put("code", statusCode);
        party.put("missedCall", false);
        party.put("standAlone", false);
        party.put("muted", false);
        Attachment attachment = call == null ? null : recordings.get(call.id);
        if (attachment != null && ENDED_STATUS_CODES.contains(statusCode)) {
            party.putArray("recordings").addObject().put("id", attachment.recordingId).put("active", false);
        }
        return body;
    }

    /** A call log party as a notification's party names it (RC spec CallPartyShortInfo). */
    private ObjectNode shortParty(ObjectNode party) {
        ObjectNode brief = json.createObjectNode();
        for (String field : List.of("phoneNumber", "name", "extensionId")) {
            if (party.has(field)) {
                brief.put(field, party.path(field).asString());
            }
        }
        return brief;
    }

    private static String partyId(String telephonySessionId) {
        return "p-" + telephonySessionId.substring(Math.min(2, telephonySessionId.length()), Math.min(20, telephonySessionId.length())) + "-1";
    }

    private ObjectNode currentExtension() {
        ObjectNode extension = json.createObjectNode();
        extension.put("uri", baseUrl() + API_PREFIX + ACCOUNT_ID + "/extension/" + OWNER_EXTENSION_ID);
        extension.put("id", Long.parseLong(OWNER_EXTENSION_ID));
        extension.put("extensionNumber", "101");
        extension.put("name", "Avery Nguyen");
        extension.put("type", "User");
        extension.put("status", "Enabled");
        ObjectNode account = extension.putObject("account");
        account.put("uri", baseUrl() + API_PREFIX + ACCOUNT_ID);
        account.put("id", ACCOUNT_ID);
        ObjectNode permissions = extension.putObject("permissions");
        permissions.putObject("admin").put("enabled", !withheldPermissions.contains(COMPANY_CALL_LOG_PERMISSION));
        permissions.putObject("internationalCalling").put("enabled", true);
        return extension;
    }

    private Reply rateLimitedReply(String group, Duration retryAfter, Map<String, String> limitHeaders) {
        rateLimited.incrementAndGet();
        Map<String, String> headers = new LinkedHashMap<>(limitHeaders);
        headers.put("X-Rate-Limit-Group", group);
        headers.put("X-Rate-Limit-Remaining", "0");
        headers.put("Retry-After", Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
        return new Reply.Json(429, errors("CMN-301", "Request rate exceeded", null), headers);
    }

    private Reply permissionMissing(String code, String message, String permission, Map<String, String> limitHeaders) {
        ObjectNode body = errors(code, message, null);
        ((ObjectNode) body.path("errors").get(0)).put("permissionName", permission);
        return new Reply.Json(403, body, limitHeaders);
    }

    private Reply apiError(int status, String code, String message, Map<String, String> headers) {
        // RC spec (ApiErrorResponseModel): the body is an "errors" array of {errorCode, message, …}
        ObjectNode body = errors(code, message, null);
        return new Reply.Json(status, body, headers);
    }

    private ObjectNode errors(String code, String message, String parameter) {
        ObjectNode body = json.createObjectNode();
        ObjectNode error = body.putArray("errors").addObject();
        error.put("errorCode", code);
        error.put("message", message);
        if (parameter != null) {
            error.put("parameterName", parameter);
        }
        return body;
    }

    private String pageUri(String path, Map<String, List<String>> query, int page, int perPage) {
        StringBuilder uri = new StringBuilder(baseUrl().toString()).append(path).append('?');
        Map<String, List<String>> parameters = new LinkedHashMap<>(query);
        parameters.put("page", List.of(Integer.toString(page)));
        parameters.put("perPage", List.of(Integer.toString(perPage)));
        List<String> pairs = new ArrayList<>();
        parameters.forEach((name, values) -> values.forEach(value -> pairs.add(encode(name) + "=" + encode(value))));
        return uri.append(String.join("&", pairs)).toString();
    }

    private Attachment visibleRecording(SimulatedCall call, Instant now) {
        Attachment attachment = recordings.get(call.id);
        if (attachment == null) {
            return null;
        }
        Instant visibleFrom = attachment.attachedAt != null ? attachment.attachedAt : call.ended().plus(recordingDelay);
        return now.isBefore(visibleFrom) ? null : attachment;
    }

    private SeededCall describe(SimulatedCall call) {
        return new SeededCall(call.id, call.started, false, 2, 0, recordings.containsKey(call.id));
    }

    private static String recordId(SplittableRandom random) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 15; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    private static String recordingIdFor(SimulatedCall call) {
        return Long.toString(7_000_000_000L + Math.floorMod(call.seed, 999_999_999L));
    }

    private static Instant dateParameter(Map<String, List<String>> query, String name, Instant otherwise) {
        String value = first(query, name);
        if (value == null) {
            return otherwise;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException malformed) {
            throw new BadParameter(name, "Parameter [" + name + "] value is invalid");
        }
    }

    private static int integer(Map<String, List<String>> query, String name, int otherwise, int min, int max) {
        String value = first(query, name);
        if (value == null) {
            return otherwise;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                throw new BadParameter(name, "Parameter [" + name + "] value is invalid");
            }
            return parsed;
        } catch (NumberFormatException malformed) {
            throw new BadParameter(name, "Parameter [" + name + "] value is invalid");
        }
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    private static Map<String, List<String>> form(String raw) {
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

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
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

    private sealed interface Reply {
        record Json(int status, JsonNode body, Map<String, String> headers) implements Reply {
        }

        record Recording(SimulatedCall call, boolean truncate, Map<String, String> headers) implements Reply {
        }
    }

    private static final class BadParameter extends IllegalArgumentException {
        final String parameter;

        BadParameter(String parameter, String message) {
            super(message);
            this.parameter = parameter;
        }
    }

    /**
     * A seeded or placed call; its parties and recording bytes derive from {@code seed} when served. {@code loggedFrom}:
     * when the call log starts listing it; null for a seeded call, listed once it started.
     */
    private record SimulatedCall(String id, String sessionId, String telephonySessionId, Instant started, int durationSeconds,
                                 String direction, boolean internal, long seed, int index, Instant loggedFrom) {
        Instant ended() {
            return started.plusSeconds(durationSeconds);
        }
    }

    /** A call's recording; {@code attachedAt} null means it comes with the call (after any configured delay). */
    private record Attachment(String recordingId, Instant attachedAt) {
    }

    private record AuthorizationCode(String redirectUri, String codeChallenge, Instant expiresAt) {
    }

    private record AccessGrant(String sessionId, Instant expiresAt) {
    }

    private record RefreshGrant(String sessionId, Instant expiresAt) {
    }

    /** One authorization of the app by the customer; revoking it voids every token it issued. */
    private static final class Session {
        final String id;
        final String grantType;
        volatile boolean revoked;

        Session(String id, String grantType) {
            this.id = id;
            this.grantType = grantType;
        }
    }

    /** The calls in start order and newest first, with an index by id; replaced whole on every seed and placed call. */
    private static final class Calls {
        static final Calls NONE = new Calls(List.of());

        final List<SimulatedCall> sorted;
        final List<SimulatedCall> newestFirst;
        final Map<String, SimulatedCall> byId = new HashMap<>();

        Calls(List<SimulatedCall> calls) {
            this.sorted = calls.stream().sorted(Comparator.comparing(SimulatedCall::started)).toList();
            this.newestFirst = sorted.reversed();
            sorted.forEach(call -> byId.put(call.id, call));
        }
    }

    /** One throttling group's sliding window and penalty, on the simulator's clock. */
    private static final class GroupBudget {
        final int limit;
        private final Deque<Instant> admitted = new ArrayDeque<>();
        private Instant penaltyUntil = Instant.MIN;
        private long received;
        private long penalties;
        private long restarts;

        GroupBudget(int limit) {
            this.limit = limit;
        }

        record Verdict(boolean admitted, int remaining) {
        }

        synchronized Verdict take(Instant now, boolean enforce) {
            received++;
            while (!admitted.isEmpty() && !admitted.peekFirst().isAfter(now.minus(WINDOW))) {
                admitted.removeFirst();
            }
            if (enforce && now.isBefore(penaltyUntil)) {
                restarts++;
                penaltyUntil = now.plus(PENALTY);
                return new Verdict(false, 0);
            }
            if (enforce && admitted.size() >= limit) {
                penalties++;
                penaltyUntil = now.plus(PENALTY);
                return new Verdict(false, 0);
            }
            admitted.addLast(now);
            return new Verdict(true, Math.max(0, limit - admitted.size()));
        }

        synchronized long received() {
            return received;
        }

        synchronized long penalties() {
            return penalties;
        }

        synchronized long restarts() {
            return restarts;
        }
    }
}
