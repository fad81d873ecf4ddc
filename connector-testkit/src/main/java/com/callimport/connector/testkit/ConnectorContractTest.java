package com.callimport.connector.testkit;

import com.callimport.connector.AccessCheck;
import com.callimport.connector.CallPage;
import com.callimport.connector.CallSource;
import com.callimport.connector.Capability;
import com.callimport.connector.Checkpoint;
import com.callimport.connector.ConnectionContext;
import com.callimport.connector.Connector;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.CredentialField;
import com.callimport.connector.Credentials;
import com.callimport.connector.DateWindow;
import com.callimport.connector.RecordingContent;
import com.callimport.connector.Secret;
import com.callimport.connector.SourceCall;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The contract every connector passes against its vendor's simulator. A connector's test is one short
 * subclass ({@code <Connector>ContractTest}, which {@link ContractCoverage} requires) that names the
 * connector, starts the simulator and gives credentials; this suite then verifies, both ways, what the
 * connector declares: paging and checkpoints, counts, capabilities, typed errors, request permits, and
 * that it never sleeps and never leaks a secret.
 *
 * <p>One simulator serves the whole class; it is {@linkplain VendorSimulator#reset() reset} and seeded
 * with {@link #SEEDED_CALLS} calls over {@link #SEEDED_WINDOW} before every test, in pages of
 * {@link #PAGE_SIZE}. Every test has a short timeout: a connector that waits for a Retry-After fails it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(20)
public abstract class ConnectorContractTest {

    /** The window the suite seeds; a weekday in the past. */
    protected static final DateWindow SEEDED_WINDOW =
            new DateWindow(Instant.parse("2026-03-02T00:00:00Z"), Instant.parse("2026-03-03T00:00:00Z"));
    protected static final int SEEDED_CALLS = 45;
    protected static final int PAGE_SIZE = 10;
    private static final long RANDOM_SEED = 20260302L;
    private static final int MAX_PAGES = 1_000;

    private VendorSimulator simulator;
    private final CountingPermits permits = new CountingPermits();
    private final ManualClock clock = new ManualClock(SEEDED_WINDOW.to().plus(Duration.ofDays(1)));
    private List<SeededCall> seeded;

    /** The connector under test, as the engine would load it. */
    protected abstract Connector connector();

    /** Starts the vendor's simulator; the suite closes it after the last test. */
    protected abstract VendorSimulator startSimulator();

    /** Credentials the simulator accepts. */
    protected abstract Credentials goodCredentials();

    /** Credentials of the right shape that the simulator refuses. */
    protected abstract Credentials badCredentials();

    /** The connection's settings; the defaults unless overridden. */
    protected Map<String, String> settings() {
        return Map.of();
    }

    /** The mix of calls seeded before each test. */
    protected CallMix callMix() {
        return CallMix.TYPICAL;
    }

    /**
     * The readings of its time filter the vendor may apply: every one unless the vendor documents which it uses
     * (e.g. Gong: from inclusive, to exclusive).
     */
    protected Set<WindowBounds> vendorWindowReadings() {
        return java.util.EnumSet.allOf(WindowBounds.class);
    }

    /** The running simulator, for subclasses that add vendor-specific tests. */
    protected final VendorSimulator simulator() {
        return simulator;
    }

    /** The clock every connection context of the suite uses. */
    protected final ManualClock clock() {
        return clock;
    }

    /** What was seeded before the current test. */
    protected final List<SeededCall> seeded() {
        return seeded;
    }

    /** A context as the engine builds it, pointed at the simulator and counting permits. */
    protected ConnectionContext context(Credentials credentials) {
        return new ConnectionContext(credentials, settings(), Optional.of(simulator.baseUrl()),
                Duration.ofSeconds(5), permits, clock);
    }

    protected final CallSource openSource() {
        return connector().open(context(goodCredentials()));
    }

    @BeforeAll
    final void startVendor() {
        simulator = startSimulator();
    }

    @AfterAll
    final void stopVendor() {
        if (simulator != null) {
            simulator.close();
        }
    }

    @BeforeEach
    final void seedVendor() {
        simulator.reset();
        simulator.usePageSize(PAGE_SIZE);
        seeded = simulator.seed(SEEDED_CALLS, SEEDED_WINDOW, callMix(), RANDOM_SEED);
        permits.reset();
    }

    @Test
    void declaresWhatTheCatalogueNeeds() {
        Connector connector = connector();
        assertThat(connector.platform()).isNotNull();
        assertThat(connector.displayName()).isNotBlank();
        assertThat(connector.capabilities()).contains(Capability.METADATA);
        assertThat(connector.capabilities()).containsAnyOf(Capability.HISTORICAL_BACKFILL, Capability.ONGOING_SYNC);
        assertThat(!connector.credentialFields().isEmpty() || connector.oauth().isPresent())
                .as("a customer can connect: credential fields to fill in, or an OAuth sign-in").isTrue();
        assertThat(connector.credentialFields()).extracting(CredentialField::name).doesNotHaveDuplicates();
        assertThat(connector.rateLimits()).isNotNull();
        assertThat(connector.listingCost().requestsFor(SEEDED_CALLS, 1)).isPositive();
        assertThat(connector.preferredSliceLength()).isPositive();
        assertThat(connector.rateBudgetAccount(context(goodCredentials()))).isNotBlank();
    }

    @Test
    void declaresWebhooksExactlyWhenItCanReadThem() throws Exception {
        Connector connector = connector();
        boolean declared = connector.capabilities().contains(Capability.WEBHOOKS);
        assertThat(connector.webhooks().isPresent()).as("webhooks() is present exactly when WEBHOOKS is declared").isEqualTo(declared);
        if (!declared) {
            return;
        }
        assertThat(connector.webhooks().get().subscriptionLifetime()).as("subscription lifetime").isPositive();
        long before = simulator.apiRequestsReceived();
        try (CallSource source = openSource()) {
            CallPage page = source.fetchCalls(List.of());
            assertThat(page.listedCalls()).isZero();
            assertThat(page.next()).isEmpty();
        }
        assertThat(simulator.apiRequestsReceived()).as("a notification naming no calls costs no vendor request").isEqualTo(before);
        assertThat(permits.granted()).isZero();
    }

    @Test
    void listsEverySeededCallExactlyOnceAcrossSeveralPages() throws Exception {
        List<CallPage> pages;
        try (CallSource source = openSource()) {
            pages = readAll(source, SEEDED_WINDOW, Checkpoint.START);
        }
        assertThat(pages).as("pages of %s calls at %s a page", SEEDED_CALLS, PAGE_SIZE).hasSizeGreaterThan(2);
        assertThat(pages.getLast().next()).isEmpty();
        List<String> listed = listedIds(pages);
        assertThat(listed).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(seeded.stream().map(SeededCall::vendorCallId).toList());
        Set<String> privateIds = seeded.stream().filter(SeededCall::isPrivate).map(SeededCall::vendorCallId)
                .collect(Collectors.toSet());
        for (CallPage page : pages) {
            assertThat(page.failed()).isEmpty();
            for (CallPage.SkippedCall skipped : page.skipped()) {
                assertThat(privateIds).as("only private calls may be skipped: %s", skipped).contains(skipped.vendorCallId());
                assertThat(skipped.reason()).isNotBlank();
            }
            for (SourceCall call : page.calls()) {
                assertThat(SEEDED_WINDOW.contains(call.startedAt())).as("%s starts in the window", call.vendorCallId()).isTrue();
            }
        }
    }

    @Test
    void listsCallsThatStartWhereTwoWindowsMeetInExactlyOneOfThemWhateverTheVendorsReadingOfItsBounds() throws Exception {
        Instant edge = SEEDED_WINDOW.from().plus(Duration.ofHours(12));
        DateWindow before = new DateWindow(SEEDED_WINDOW.from(), edge);
        DateWindow after = new DateWindow(edge, SEEDED_WINDOW.to());
        for (WindowBounds reading : vendorWindowReadings()) {
            simulator.reset();
            simulator.usePageSize(PAGE_SIZE);
            simulator.readWindowBoundsAs(reading);
            // a one-millisecond window seeds every call at its very start
            List<SeededCall> atTheEdge = simulator.seed(4, new DateWindow(edge, edge.plusMillis(1)), CallMix.COMPLETE, RANDOM_SEED);
            assertThat(atTheEdge).extracting(SeededCall::startedAt).containsOnly(edge);
            List<String> listedBefore;
            List<String> listedAfter;
            try (CallSource source = openSource()) {
                listedBefore = listedIds(readAll(source, before, Checkpoint.START));
                listedAfter = listedIds(readAll(source, after, Checkpoint.START));
            }
            assertThat(listedBefore).as("the window that ends at the edge, vendor reading %s", reading).isEmpty();
            assertThat(listedAfter).as("the window that starts at the edge, vendor reading %s", reading).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(atTheEdge.stream().map(SeededCall::vendorCallId).toList());
        }
    }

    @Test
    void resumesFromAPagesCheckpointWithTheRemainingCalls() throws Exception {
        List<String> all;
        try (CallSource source = openSource()) {
            all = listedIds(readAll(source, SEEDED_WINDOW, Checkpoint.START));
        }
        CallPage first;
        try (CallSource source = openSource()) {
            first = source.fetchPage(SEEDED_WINDOW, Checkpoint.START);
        }
        assertThat(first.next()).as("a first page of several").isPresent();
        // the engine stores only the value and hands it to a fresh source, maybe in another process
        Checkpoint stored = new Checkpoint(first.next().orElseThrow().value());
        List<CallPage> rest;
        try (CallSource source = openSource()) {
            rest = readAll(source, SEEDED_WINDOW, stored);
        }
        List<String> resumed = new ArrayList<>(listedIds(List.of(first)));
        resumed.addAll(listedIds(rest));
        assertThat(resumed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void readsTheSamePositionTheSameWayTwice() throws Exception {
        CallPage once;
        CallPage twice;
        try (CallSource source = openSource()) {
            once = source.fetchPage(SEEDED_WINDOW, Checkpoint.START);
        }
        try (CallSource source = openSource()) {
            twice = source.fetchPage(SEEDED_WINDOW, Checkpoint.START);
        }
        // equal records, raw metadata included: volatile values such as signed URLs must not leak into them
        assertThat(twice.calls()).isEqualTo(once.calls());
        assertThat(twice.skipped()).isEqualTo(once.skipped());
    }

    @Test
    void countsTheCallsTheVendorHasInTheWindow() throws Exception {
        try (CallSource source = openSource()) {
            assertThat(source.countCalls(SEEDED_WINDOW).calls()).isEqualTo(SEEDED_CALLS);
        }
    }

    @Test
    void answersAnEmptyWindowWithAnEmptyLastPage() throws Exception {
        DateWindow empty = new DateWindow(SEEDED_WINDOW.from().minus(Duration.ofDays(30)),
                SEEDED_WINDOW.from().minus(Duration.ofDays(29)));
        try (CallSource source = openSource()) {
            CallPage page = source.fetchPage(empty, Checkpoint.START);
            assertThat(page.listedCalls()).isZero();
            assertThat(page.next()).isEmpty();
            assertThat(source.countCalls(empty).calls()).isZero();
        }
    }

    @Test
    void bringsTranscriptsExactlyWhenItDeclaresThem() throws Exception {
        Map<String, SourceCall> calls = readAllCalls();
        boolean declared = connector().capabilities().contains(Capability.TRANSCRIPTS);
        for (SourceCall call : calls.values()) {
            SeededCall seed = seededCall(call.vendorCallId());
            int expected = declared ? seed.transcriptSegments() : 0;
            assertThat(call.transcript()).as("transcript of %s", call.vendorCallId()).hasSize(expected);
        }
        if (declared) {
            assertThat(calls.values()).as("some calls have transcripts").anyMatch(call -> !call.transcript().isEmpty());
        }
    }

    @Test
    void bringsParticipantsExactlyWhenItDeclaresThem() throws Exception {
        Map<String, SourceCall> calls = readAllCalls();
        boolean declared = connector().capabilities().contains(Capability.PARTICIPANTS);
        for (SourceCall call : calls.values()) {
            int expected = declared ? seededCall(call.vendorCallId()).participants() : 0;
            assertThat(call.participants()).as("participants of %s", call.vendorCallId()).hasSize(expected);
        }
    }

    @Test
    void keepsTheVendorsMetadataAsAJsonObject() throws Exception {
        for (SourceCall call : readAllCalls().values()) {
            assertThat(call.rawMetadataJson().strip()).startsWith("{").endsWith("}");
            assertThat(call.duration().isNegative()).as("negative duration of %s", call.vendorCallId()).isFalse();
        }
    }

    @Test
    void streamsTheSeededRecordingBytesExactlyWhenItDeclaresRecordings() throws Exception {
        boolean declared = connector().capabilities().contains(Capability.RECORDINGS);
        Map<String, SourceCall> calls = readAllCalls();
        int opened = 0;
        try (CallSource source = openSource()) {
            for (SourceCall call : calls.values()) {
                boolean expected = declared && seededCall(call.vendorCallId()).hasRecording();
                assertThat(call.recording().isPresent()).as("recording of %s", call.vendorCallId()).isEqualTo(expected);
                if (expected && opened < 3) {
                    opened++;
                    try (RecordingContent content = source.openRecording(call)) {
                        byte[] bytes = content.stream().readAllBytes();
                        assertThat(sha256(bytes)).isEqualTo(simulator.recordingSha256(call.vendorCallId()));
                        content.contentLength().ifPresent(length -> assertThat(length).isEqualTo(bytes.length));
                        assertThat(content.mediaType()).isNotBlank();
                    }
                }
            }
        }
        if (declared) {
            assertThat(opened).as("recordings opened").isPositive();
        }
    }

    @Test
    void neverReturnsATruncatedRecordingAsComplete() throws Exception {
        if (!connector().capabilities().contains(Capability.RECORDINGS)) {
            return;
        }
        SourceCall call = readAllCalls().values().stream().filter(c -> c.recording().isPresent()).findFirst().orElseThrow();
        try (CallSource source = openSource()) {
            simulator.truncateNextRecording();
            try (RecordingContent content = source.openRecording(call)) {
                byte[] bytes = content.stream().readAllBytes();
                fail("a truncated recording was read as complete: " + bytes.length + " bytes");
            } catch (IOException | ConnectorException.TemporarilyUnavailable expected) {
                assertNoSecretIn(expected);
            }
        }
    }

    @Test
    void verifiesAccessWithGoodCredentials() throws Exception {
        try (CallSource source = openSource()) {
            AccessCheck check = source.verifyAccess();
            assertThat(check.account()).isNotBlank();
        }
    }

    @Test
    void reportsRefusedCredentialsAsAuthenticationFailedWithoutTheSecret() {
        try (CallSource source = connector().open(context(badCredentials()))) {
            assertAuthenticationFailed(source::verifyAccess);
            assertAuthenticationFailed(() -> source.fetchPage(SEEDED_WINDOW, Checkpoint.START));
            assertAuthenticationFailed(() -> source.countCalls(SEEDED_WINDOW));
        }
        simulator.rejectCredentials(true);
        try (CallSource source = openSource()) {
            assertAuthenticationFailed(() -> source.fetchPage(SEEDED_WINDOW, Checkpoint.START));
        }
    }

    @Test
    void reportsRateLimitingWithTheVendorsRetryAfterWithoutWaiting() {
        simulator.rateLimitNextRequest(Duration.ofSeconds(30));
        long started = System.nanoTime();
        try (CallSource source = openSource()) {
            assertThatThrownBy(() -> source.fetchPage(SEEDED_WINDOW, Checkpoint.START))
                    .isInstanceOfSatisfying(ConnectorException.RateLimited.class, limited -> {
                        assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(30));
                        assertNoSecretIn(limited);
                    });
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("time spent; a connector never sleeps")
                .isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void reportsServerErrorsAsTemporarilyUnavailable() {
        for (int status : new int[] {500, 503}) {
            simulator.failNextRequest(status);
            try (CallSource source = openSource()) {
                assertThatThrownBy(() -> source.fetchPage(SEEDED_WINDOW, Checkpoint.START))
                        .isInstanceOfSatisfying(ConnectorException.TemporarilyUnavailable.class, this::assertNoSecretIn);
            }
        }
    }

    @Test
    void asksForAPermitBeforeEveryVendorRequest() throws Exception {
        long before = simulator.apiRequestsReceived();
        permits.reset();
        try (CallSource source = openSource()) {
            source.verifyAccess();
            source.countCalls(SEEDED_WINDOW);
            List<CallPage> pages = readAll(source, SEEDED_WINDOW, Checkpoint.START);
            Optional<SourceCall> recorded = pages.stream().flatMap(page -> page.calls().stream())
                    .filter(call -> call.recording().isPresent()).findFirst();
            if (recorded.isPresent()) {
                try (RecordingContent content = source.openRecording(recorded.get())) {
                    content.stream().transferTo(java.io.OutputStream.nullOutputStream());
                }
            }
        }
        long received = simulator.apiRequestsReceived() - before;
        assertThat(received).as("API requests the vendor received").isPositive();
        assertThat(permits.granted()).as("permits asked for").isEqualTo(received);
    }

    @Test
    void anOAuthConnectorAsksForTheBearerTokenBeforeEveryVendorRequest() throws Exception {
        Assumptions.assumeTrue(connector().oauth().isPresent(), "only OAuth platforms are handed the engine's bearer token");
        Credentials credentials = goodCredentials();
        ConnectionContext held = context(credentials);
        java.util.concurrent.atomic.AtomicLong asked = new java.util.concurrent.atomic.AtomicLong();
        ConnectionContext perRequest = new ConnectionContext(held.credentials(), held.settings(), held.baseUrl(),
                held.requestTimeout(), held.permits(), held.clock(), () -> {
                    asked.incrementAndGet();
                    return credentials.require(Credentials.ACCESS_TOKEN);
                });
        long before = simulator.apiRequestsReceived();
        try (CallSource source = connector().open(perRequest)) {
            source.verifyAccess();
            source.countCalls(SEEDED_WINDOW);
            readAll(source, SEEDED_WINDOW, Checkpoint.START);
        }
        assertThat(asked.get()).as("tokens asked for; an import outlives any one token")
                .isEqualTo(simulator.apiRequestsReceived() - before);
    }

    // ---- helpers for subclasses ----

    /** Reads a window to its end from {@code position}, failing if the connector never stops. */
    protected final List<CallPage> readAll(CallSource source, DateWindow window, Checkpoint position)
            throws ConnectorException, InterruptedException {
        List<CallPage> pages = new ArrayList<>();
        Checkpoint next = position;
        for (int i = 0; i < MAX_PAGES; i++) {
            CallPage page = source.fetchPage(window, next);
            pages.add(page);
            if (page.next().isEmpty()) {
                return pages;
            }
            assertThat(page.next().get()).as("a next position differs from the one just read").isNotEqualTo(next);
            next = page.next().get();
        }
        throw new AssertionError("the connector returned more than " + MAX_PAGES + " pages; is it looping?");
    }

    protected final Map<String, SourceCall> readAllCalls() throws ConnectorException, InterruptedException {
        try (CallSource source = openSource()) {
            return readAll(source, SEEDED_WINDOW, Checkpoint.START).stream()
                    .flatMap(page -> page.calls().stream())
                    .collect(Collectors.toMap(SourceCall::vendorCallId, Function.identity()));
        }
    }

    protected static List<String> listedIds(List<CallPage> pages) {
        List<String> ids = new ArrayList<>();
        for (CallPage page : pages) {
            page.calls().forEach(call -> ids.add(call.vendorCallId()));
            page.skipped().forEach(call -> ids.add(call.vendorCallId()));
            page.failed().forEach(call -> ids.add(call.vendorCallId()));
        }
        return ids;
    }

    protected final SeededCall seededCall(String vendorCallId) {
        return seeded.stream().filter(call -> call.vendorCallId().equals(vendorCallId)).findFirst()
                .orElseThrow(() -> new AssertionError("the connector returned a call nobody seeded: " + vendorCallId));
    }

    /** Fails if a message or cause message in the chain contains any secret credential value. */
    protected final void assertNoSecretIn(Throwable thrown) {
        Set<String> secrets = new HashSet<>();
        for (Credentials credentials : List.of(goodCredentials(), badCredentials())) {
            for (CredentialField field : connector().credentialFields()) {
                if (field.secret()) {
                    credentials.find(field.name()).map(Secret::reveal).ifPresent(secrets::add);
                }
            }
        }
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            String text = String.valueOf(t.getMessage()) + " " + t;
            for (String secret : secrets) {
                assertThat(text).as("exception text must not contain a secret").doesNotContain(secret);
            }
        }
    }

    private void assertAuthenticationFailed(VendorCall call) {
        try {
            call.run();
            fail("expected the vendor's refusal to surface as AuthenticationFailed");
        } catch (ConnectorException.AuthenticationFailed failed) {
            assertThat(failed.getMessage()).as("remediation for the customer").isNotBlank();
            assertNoSecretIn(failed);
        } catch (Exception other) {
            throw new AssertionError("expected AuthenticationFailed, got " + other, other);
        }
    }

    protected static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
    }

    @FunctionalInterface
    private interface VendorCall {
        void run() throws Exception;
    }
}
