package com.callimport.connectors.gong;

import com.callimport.connector.Affiliation;
import com.callimport.connector.CallPage;
import com.callimport.connector.CallSource;
import com.callimport.connector.Checkpoint;
import com.callimport.connector.ConnectionContext;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.RequestPermits;
import com.callimport.connector.Credentials;
import com.callimport.connector.DateWindow;
import com.callimport.connector.RecordingContent;
import com.callimport.connector.Secret;
import com.callimport.connector.SourceCall;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connector.testkit.CountingPermits;
import com.callimport.connector.testkit.ManualClock;
import com.callimport.connector.testkit.RecordedExchange;
import com.callimport.connector.testkit.SeededCall;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(20)
class GongCallSourceIntegrationTest {
    private static final DateWindow WINDOW =
            new DateWindow(Instant.parse("2026-04-06T00:00:00Z"), Instant.parse("2026-04-07T00:00:00Z"));
    private static final ManualClock CLOCK = new ManualClock(WINDOW.to().plus(Duration.ofHours(2)));
    private static GongSimulator gong;

    private final GongConnector connector = new GongConnector();
    private final CountingPermits permits = new CountingPermits();
    private List<SeededCall> seeded;

    @BeforeAll
    static void startGong() {
        gong = GongSimulator.start(CLOCK);
    }

    @AfterAll
    static void stopGong() {
        gong.close();
    }

    @BeforeEach
    void seed() {
        CLOCK.set(WINDOW.to().plus(Duration.ofHours(2)));
        gong.reset();
        gong.usePageSize(10);
        seeded = gong.seed(35, WINDOW, CallMix.TYPICAL, 42);
    }

    @Test
    void treatsNoCallsFoundAs404AsAnEmptyWindow() throws Exception {
        gong.recordExchanges(true);
        DateWindow quiet = new DateWindow(WINDOW.from().minus(Duration.ofDays(3)), WINDOW.from().minus(Duration.ofDays(2)));
        try (CallSource source = open(Map.of())) {
            CallPage page = source.fetchPage(quiet, Checkpoint.START);
            assertThat(page).isEqualTo(CallPage.empty());
            assertThat(source.countCalls(quiet).calls()).isZero();
        }
        assertThat(gong.exchanges()).extracting(RecordedExchange::status).containsOnly(404);
        assertThat(gong.requestsTo(GongClient.TRANSCRIPT_PATH)).isZero();
    }

    @Test
    void sendsTheCursorInTheBodyNotTheQuery() throws Exception {
        gong.recordExchanges(true);
        try (CallSource source = open(Map.of())) {
            CallPage first = source.fetchPage(WINDOW, Checkpoint.START);
            source.fetchPage(WINDOW, first.next().orElseThrow());
        }
        List<RecordedExchange> listings = gong.exchanges().stream()
                .filter(exchange -> exchange.path().equals(GongClient.EXTENSIVE_PATH)).toList();
        assertThat(listings).hasSize(2);
        assertThat(listings.get(0).requestBody()).doesNotContain("\"cursor\"");
        assertThat(listings.get(1).requestBody()).contains("\"cursor\"");
        assertThat(listings).allSatisfy(exchange -> assertThat(exchange.query()).isEmpty());
    }

    @Test
    void resumesAfterAnExpiredCursorWithoutRepeatingCalls() throws Exception {
        List<String> listed = new ArrayList<>();
        Checkpoint next;
        try (CallSource source = open(Map.of())) {
            CallPage first = source.fetchPage(WINDOW, Checkpoint.START);
            CallPage second = source.fetchPage(WINDOW, first.next().orElseThrow());
            listed.addAll(ids(first));
            listed.addAll(ids(second));
            next = second.next().orElseThrow();
        }
        gong.expireAllCursors();
        try (CallSource source = open(Map.of())) {
            Optional<Checkpoint> position = Optional.of(next);
            while (position.isPresent()) {
                CallPage page = source.fetchPage(WINDOW, position.get());
                listed.addAll(ids(page));
                position = page.next();
            }
        }
        assertThat(listed).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(seeded.stream().map(SeededCall::vendorCallId).toList());
    }

    @Test
    void resumesWhenCursorsExpireAfterAFewRequests() throws Exception {
        gong.expireCursorsAfter(1);
        List<String> listed = new ArrayList<>();
        try (CallSource source = open(Map.of())) {
            Optional<Checkpoint> position = Optional.of(Checkpoint.START);
            while (position.isPresent()) {
                CallPage page = source.fetchPage(WINDOW, position.get());
                listed.addAll(ids(page));
                position = page.next();
            }
        }
        assertThat(listed).doesNotHaveDuplicates().hasSize(seeded.size());
    }

    @Test
    void excludesPrivateCallsUnlessTheSettingIncludesThem() throws Exception {
        Set<String> privateIds = seeded.stream().filter(SeededCall::isPrivate).map(SeededCall::vendorCallId)
                .collect(Collectors.toSet());
        assertThat(privateIds).isNotEmpty();

        List<CallPage> byDefault = readAll(Map.of());
        assertThat(byDefault.stream().flatMap(page -> page.skipped().stream()))
                .extracting(CallPage.SkippedCall::vendorCallId).containsExactlyInAnyOrderElementsOf(privateIds);
        assertThat(byDefault.stream().flatMap(page -> page.calls().stream()).map(SourceCall::vendorCallId))
                .containsExactlyInAnyOrderElementsOf(gong.eligibleCallIds(false));

        List<CallPage> included = readAll(Map.of("includePrivateCalls", "true"));
        assertThat(included.stream().flatMap(page -> page.skipped().stream())).isEmpty();
        assertThat(included.stream().flatMap(page -> page.calls().stream()).map(SourceCall::vendorCallId))
                .containsExactlyInAnyOrderElementsOf(gong.eligibleCallIds(true));
    }

    @Test
    void neverStoresTheSignedMediaUrl() throws Exception {
        for (CallPage page : readAll(Map.of())) {
            for (SourceCall call : page.calls()) {
                assertThat(call.rawMetadataJson()).doesNotContain("/media/", "sig=", "audioUrl", "videoUrl");
                assertThat(call.toString()).doesNotContain("sig=");
            }
            assertThat(page.next().map(Checkpoint::value).orElse("")).doesNotContain("sig=");
        }
    }

    @Test
    void fetchesTranscriptsInOneBatchPerPage() throws Exception {
        int pages = readAll(Map.of()).size();
        assertThat(pages).isEqualTo(4);
        assertThat(gong.requestsTo(GongClient.EXTENSIVE_PATH)).isEqualTo(pages);
        assertThat(gong.requestsTo(GongClient.TRANSCRIPT_PATH)).isEqualTo(pages);
    }

    @Test
    void mapsPartiesTranscriptAndTimesFromGongsShapes() throws Exception {
        SeededCall seed = seeded.stream().filter(call -> call.hasTranscript() && !call.isPrivate()).findFirst().orElseThrow();
        SourceCall call = readAll(Map.of()).stream().flatMap(page -> page.calls().stream())
                .filter(listed -> listed.vendorCallId().equals(seed.vendorCallId())).findFirst().orElseThrow();
        assertThat(call.startedAt()).isEqualTo(seed.startedAt());
        assertThat(call.title()).startsWith("Discovery call");
        assertThat(call.duration()).isPositive();
        assertThat(call.participants()).hasSize(seed.participants());
        assertThat(call.participants().getFirst().affiliation()).isEqualTo(Affiliation.INTERNAL);
        assertThat(call.participants().getFirst().email()).endsWith("@seller.example");
        Set<String> speakers = call.participants().stream().map(participant -> participant.speakerId())
                .filter(id -> id != null).collect(Collectors.toSet());
        assertThat(call.transcript()).hasSize(seed.transcriptSegments())
                .allSatisfy(segment -> assertThat(speakers).contains(segment.speakerId()));
        for (int i = 1; i < call.transcript().size(); i++) {
            assertThat(call.transcript().get(i).startMillis()).isGreaterThan(call.transcript().get(i - 1).endMillis());
        }
        assertThat(call.recording()).isPresent();
        assertThat(call.rawMetadataJson()).contains("\"metaData\"", "\"parties\"", "\"context\"");
    }

    @Test
    void downloadsARecordingSeenOnThePageWithoutAnotherGongRequest() throws Exception {
        try (CallSource source = open(Map.of())) {
            CallPage page = source.fetchPage(WINDOW, Checkpoint.START);
            SourceCall call = page.calls().stream().filter(listed -> listed.recording().isPresent()).findFirst().orElseThrow();
            long before = gong.apiRequestsReceived();
            assertThat(sha256Of(source.openRecording(call))).isEqualTo(gong.recordingSha256(call.vendorCallId()));
            assertThat(gong.apiRequestsReceived()).isEqualTo(before);
        }
        assertThat(gong.recordingRequestsWithAuthorization()).isZero();
    }

    @Test
    void asksGongForAFreshMediaUrlOnceTheListedOneIsStale() throws Exception {
        try (CallSource source = open(Map.of())) {
            CallPage page = source.fetchPage(WINDOW, Checkpoint.START);
            SourceCall call = page.calls().stream().filter(listed -> listed.recording().isPresent()).findFirst().orElseThrow();
            CLOCK.advance(Duration.ofHours(9));
            long before = gong.apiRequestsReceived();
            long permitsBefore = permits.granted();
            assertThat(sha256Of(source.openRecording(call))).isEqualTo(gong.recordingSha256(call.vendorCallId()));
            assertThat(gong.apiRequestsReceived()).isEqualTo(before + 1);
            assertThat(permits.granted()).isEqualTo(permitsBefore + 1);
        }
        assertThat(gong.recordingRequestsWithAuthorization()).isZero();
    }

    @Test
    void countsCallsWithOneRequestFromTotalRecords() throws Exception {
        gong.usePageSize(5);
        try (CallSource source = open(Map.of())) {
            assertThat(source.countCalls(WINDOW).calls()).isEqualTo(35);
            assertThat(source.countCalls(WINDOW).exact()).isTrue();
        }
        assertThat(gong.requestsTo(GongClient.CALLS_PATH)).isEqualTo(2);
    }

    @Test
    void explainsARefusalWith403AsAMissingScopeOrIpAllowlist() {
        gong.failNextRequest(403);
        try (CallSource source = open(Map.of())) {
            assertThatThrownBy(source::verifyAccess)
                    .isInstanceOf(ConnectorException.AuthenticationFailed.class)
                    .hasMessageContaining("scope").hasMessageContaining("allowlist");
        }
    }

    @Test
    void explainsA401WithWhereToCreateAKey() {
        gong.rejectCredentials(true);
        try (CallSource source = open(Map.of())) {
            assertThatThrownBy(source::verifyAccess)
                    .isInstanceOf(ConnectorException.AuthenticationFailed.class)
                    .hasMessageContaining("Ecosystem → API")
                    .hasMessageNotContaining(GongSimulator.ACCESS_KEY_SECRET);
        }
    }

    @Test
    void reportsAnUnusableBaseUrlAsSomethingTheCustomerFixes() {
        Credentials credentials = new Credentials(Map.of(
                GongConnector.BASE_URL, Secret.of("us-12345.api.gong.io"),
                GongConnector.ACCESS_KEY, Secret.of(GongSimulator.ACCESS_KEY),
                GongConnector.ACCESS_KEY_SECRET, Secret.of(GongSimulator.ACCESS_KEY_SECRET)));
        ConnectionContext context = new ConnectionContext(credentials, Map.of(), Optional.empty(), Duration.ofSeconds(1),
                permits, CLOCK);
        try (CallSource source = connector.open(context)) {
            assertThatThrownBy(source::verifyAccess)
                    .isInstanceOf(ConnectorException.AuthenticationFailed.class)
                    .hasMessageContaining("https://us-12345.api.gong.io");
        }
        assertThat(permits.granted()).isZero();
    }

    @Test
    void usesTheOperatorsBaseUrlOverTheOneInTheCredentials() throws Exception {
        // the credentials name Gong's real host; reaching the simulator proves the override won
        try (CallSource source = open(Map.of())) {
            assertThat(source.verifyAccess().account()).contains(gong.baseUrl().toString());
        }
    }

    @Test
    void sharesOneRateBudgetPerBaseUrlAndAccessKey() {
        ConnectionContext context = GongCredentialsFixture.context(gong, Map.of(), permits, CLOCK);
        assertThat(connector.rateBudgetAccount(context))
                .isEqualTo(gong.baseUrl() + "|" + GongSimulator.ACCESS_KEY)
                .doesNotContain(GongSimulator.ACCESS_KEY_SECRET);
    }

    @Test
    void reportsGongsOwnRateLimitWithItsRetryAfter() throws Exception {
        gong.enforceRateLimits(3, 10_000);
        try (CallSource source = open(Map.of())) {
            source.countCalls(WINDOW);
            source.countCalls(WINDOW);
            source.countCalls(WINDOW);
            assertThatThrownBy(() -> source.countCalls(WINDOW))
                    .isInstanceOfSatisfying(ConnectorException.RateLimited.class,
                            limited -> assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(1)));
            CLOCK.advance(Duration.ofSeconds(1));
            assertThat(source.countCalls(WINDOW).calls()).isEqualTo(35);
        }
        assertThat(gong.rateLimitedResponses()).isEqualTo(1);
    }

    @Test
    void gongsLimitHoldsInEveryRollingSecondNotOnlyInABucketThatRefills() throws Exception {
        gong.enforceRateLimits(3, 10_000);
        try (CallSource source = open(Map.of())) {
            source.countCalls(WINDOW);
            CLOCK.advance(Duration.ofMillis(600));
            source.countCalls(WINDOW);
            source.countCalls(WINDOW);
            CLOCK.advance(Duration.ofMillis(500));
            source.countCalls(WINDOW);
            // the rolling second before now holds 3 answered requests, though a 3/s token bucket would have refilled 1.5
            assertThatThrownBy(() -> source.countCalls(WINDOW))
                    .isInstanceOfSatisfying(ConnectorException.RateLimited.class,
                            limited -> assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(1)));
            CLOCK.advance(Duration.ofMillis(500));
            assertThat(source.countCalls(WINDOW).calls()).isEqualTo(35);
        }
        assertThat(gong.rateLimitedResponses()).isEqualTo(1);
    }

    @Test
    void tellsTheEnginesBudgetOfGongsRefusalBeforeThrowing() throws Exception {
        List<Duration> refusals = new ArrayList<>();
        RequestPermits reporting = new RequestPermits() {
            @Override
            public void awaitPermit() {
            }

            @Override
            public void refused(Duration retryAfter) {
                refusals.add(retryAfter);
            }
        };
        gong.rateLimitNextRequest(Duration.ofSeconds(20));
        try (CallSource source = connector.open(GongCredentialsFixture.context(gong, Map.of(), reporting, CLOCK))) {
            assertThatThrownBy(() -> source.countCalls(WINDOW)).isInstanceOf(ConnectorException.RateLimited.class);
        }
        assertThat(refusals).containsExactly(Duration.ofSeconds(20));
    }

    private CallSource open(Map<String, String> settings) {
        return connector.open(GongCredentialsFixture.context(gong, settings, permits, CLOCK));
    }

    private List<CallPage> readAll(Map<String, String> settings) throws Exception {
        List<CallPage> pages = new ArrayList<>();
        try (CallSource source = open(settings)) {
            Optional<Checkpoint> position = Optional.of(Checkpoint.START);
            while (position.isPresent()) {
                CallPage page = source.fetchPage(WINDOW, position.get());
                pages.add(page);
                position = page.next();
            }
        }
        return pages;
    }

    private static List<String> ids(CallPage page) {
        List<String> ids = new ArrayList<>();
        page.calls().forEach(call -> ids.add(call.vendorCallId()));
        page.skipped().forEach(call -> ids.add(call.vendorCallId()));
        return ids;
    }

    private static String sha256Of(RecordingContent content) throws Exception {
        try (content) {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(content.stream().readAllBytes()));
        }
    }
}
