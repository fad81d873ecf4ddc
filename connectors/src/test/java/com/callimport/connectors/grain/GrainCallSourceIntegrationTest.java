package com.callimport.connectors.grain;

import com.callimport.connector.CallPage;
import com.callimport.connector.CallSource;
import com.callimport.connector.CallCount;
import com.callimport.connector.AccessCheck;
import com.callimport.connector.Checkpoint;
import com.callimport.connector.ConnectionContext;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.Credentials;
import com.callimport.connector.DateWindow;
import com.callimport.connector.RecordingContent;
import com.callimport.connector.Secret;
import com.callimport.connector.SourceCall;
import com.callimport.connector.SourceParticipant;
import com.callimport.connector.TranscriptSegment;
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
import tools.jackson.databind.json.JsonMapper;

import java.security.MessageDigest;
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
class GrainCallSourceIntegrationTest {
    private static final DateWindow WINDOW =
            new DateWindow(Instant.parse("2026-04-06T00:00:00Z"), Instant.parse("2026-04-07T00:00:00Z"));
    private static final ManualClock CLOCK = new ManualClock(WINDOW.to().plus(Duration.ofDays(2)));
    private static GrainSimulator grain;

    private final GrainConnector connector = new GrainConnector();
    private final CountingPermits permits = new CountingPermits();
    private List<SeededCall> seeded;

    @BeforeAll
    static void startGrain() {
        grain = GrainSimulator.start(CLOCK);
    }

    @AfterAll
    static void stopGrain() {
        grain.close();
    }

    @BeforeEach
    void seed() {
        grain.reset();
        grain.usePageSize(10);
        seeded = grain.seed(24, WINDOW, CallMix.TYPICAL, 42);
    }

    private CallSource open() {
        return connector.open(GrainCredentialsFixture.context(grain, permits, CLOCK));
    }

    @Test
    void sendsTheTokenAndTheApiVersionOnEveryRequest() throws Exception {
        grain.recordExchanges(true);
        readAll();
        assertThat(grain.exchanges()).isNotEmpty().allSatisfy(exchange -> {
            assertThat(exchange.requestHeaders().get("authorization")).containsExactly("Bearer " + GrainSimulator.ACCESS_TOKEN);
            assertThat(exchange.requestHeaders().get("public-api-version")).containsExactly(GrainSimulator.API_VERSION);
        });
    }

    @Test
    void sendsTheCursorAsATopLevelBodyFieldAndKeepsTheFilterIdentical() throws Exception {
        grain.recordExchanges(true);
        readAll();
        JsonMapper json = JsonMapper.builder().build();
        List<RecordedExchange> listings = grain.exchanges().stream().filter(e -> e.path().endsWith("/recordings")).toList();
        assertThat(listings).hasSizeGreaterThan(2);
        assertThat(json.readTree(listings.getFirst().requestBody()).has("cursor")).isFalse();
        for (RecordedExchange later : listings.subList(1, listings.size())) {
            assertThat(json.readTree(later.requestBody()).path("cursor").isString()).isTrue();
            assertThat(json.readTree(later.requestBody()).path("filter"))
                    .isEqualTo(json.readTree(listings.getFirst().requestBody()).path("filter"));
            assertThat(later.query()).isEmpty();
        }
    }

    @Test
    void readsOneTranscriptPerRecordingAndJoinsItsSpeakersToTheParticipants() throws Exception {
        List<SourceCall> calls = readAll();
        assertThat(grain.transcriptRequests()).isEqualTo(seeded.size());
        SourceCall call = calls.stream().filter(c -> !c.transcript().isEmpty()).findFirst().orElseThrow();
        Set<String> participantIds = call.participants().stream().map(SourceParticipant::speakerId).collect(Collectors.toSet());
        assertThat(call.transcript()).extracting(TranscriptSegment::speakerId).allMatch(participantIds::contains);
        assertThat(call.transcript().getFirst().endMillis()).isGreaterThan(call.transcript().getFirst().startMillis());
    }

    @Test
    void keepsSignedThumbnailAddressesOutOfTheMetadata() throws Exception {
        assertThat(readAll()).allSatisfy(call -> assertThat(call.rawMetadataJson())
                .doesNotContain("thumbnail_url").contains("\"media_type\""));
    }

    @Test
    void followsTheRedirectToStorageWithoutSendingTheToken() throws Exception {
        SourceCall call = readAll().stream().filter(c -> c.recording().isPresent()).findFirst().orElseThrow();
        try (CallSource source = open()) {
            assertThat(sha256(source, call)).isEqualTo(grain.recordingSha256(call.vendorCallId()));
        }
        assertThat(grain.storageRequestsWithToken()).isZero();
    }

    @Test
    void downloadsMediaThatGrainStreamsItself() throws Exception {
        grain.streamMediaFromTheApi(true);
        SourceCall call = readAll().stream().filter(c -> c.recording().isPresent()).findFirst().orElseThrow();
        try (CallSource source = open()) {
            assertThat(sha256(source, call)).isEqualTo(grain.recordingSha256(call.vendorCallId()));
        }
    }

    @Test
    void asksForAFreshMediaLinkWhenStorageRefusesAnExpiredOne() throws Exception {
        SourceCall call = readAll().stream().filter(c -> c.recording().isPresent()).findFirst().orElseThrow();
        long before = grain.downloadRequests();
        grain.expireNextMediaLink();
        try (CallSource source = open()) {
            assertThat(sha256(source, call)).isEqualTo(grain.recordingSha256(call.vendorCallId()));
        }
        assertThat(grain.downloadRequests()).isEqualTo(before + 2);
    }

    @Test
    void asksForEachTranscriptOnceEvenWhenAPageIsFetchedAgainAfterA429() throws Exception {
        int onPage;
        try (CallSource source = open()) {
            // request 1 is the listing; request 4 is the third recording's transcript
            grain.rateLimitEvery(4, Duration.ofSeconds(2));
            assertThatThrownBy(() -> source.fetchPage(WINDOW, Checkpoint.START)).isInstanceOf(ConnectorException.RateLimited.class);
            grain.rateLimitEvery(0, Duration.ofSeconds(1));
            onPage = source.fetchPage(WINDOW, Checkpoint.START).calls().size();
        }
        assertThat(grain.transcriptRequests()).isEqualTo(onPage);
    }

    @Test
    void answersGrainsDocumentedLimitWithItsRetryAfter() throws Exception {
        grain.enforceGrainRateLimit();
        try (CallSource source = open()) {
            for (int i = 0; i < 300; i++) {
                source.verifyAccess();
            }
            CLOCK.advance(Duration.ofSeconds(20));
            assertThatThrownBy(source::verifyAccess).isInstanceOfSatisfying(ConnectorException.RateLimited.class,
                    limited -> assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(40)));
        }
    }

    @Test
    void namesWhereToCreateATokenWhenGrainRejectsIt() {
        grain.rejectCredentials(true);
        try (CallSource source = open()) {
            assertThatThrownBy(source::verifyAccess).isInstanceOf(ConnectorException.AuthenticationFailed.class)
                    .hasMessageContaining("Settings → Integrations → API").hasMessageNotContaining(GrainSimulator.ACCESS_TOKEN);
        }
    }

    @Test
    void tellsACustomerWithAPersonalTokenThatItSeesOnlyItsUsersRecordings() throws Exception {
        grain.acceptAccessToken("grain_pat_someone");
        ConnectionContext personal = new ConnectionContext(new Credentials(Map.of(GrainConnector.ACCESS_TOKEN,
                Secret.of("grain_pat_someone"))), Map.of(), Optional.of(grain.baseUrl()), Duration.ofSeconds(5), permits, CLOCK);
        try (CallSource source = connector.open(personal)) {
            assertThat(source.verifyAccess().limits()).anySatisfy(limit -> assertThat(limit)
                    .contains("only the recordings its user can see"));
        }
    }

    @Test
    void describesATokenOfUnknownKindAsEitherKindInsteadOfCallingItPersonal() throws Exception {
        grain.acceptAccessToken("a-token-without-a-known-prefix");
        ConnectionContext unknown = new ConnectionContext(new Credentials(Map.of(GrainConnector.ACCESS_TOKEN,
                Secret.of("a-token-without-a-known-prefix"))), Map.of(), Optional.of(grain.baseUrl()), Duration.ofSeconds(5), permits, CLOCK);
        try (CallSource source = connector.open(unknown)) {
            AccessCheck access = source.verifyAccess();
            assertThat(access.limits()).noneSatisfy(limit -> assertThat(limit).startsWith("A personal access token sees only"));
            assertThat(access.limits()).anySatisfy(limit -> assertThat(limit)
                    .contains("A workspace access token sees every recording").contains("a personal access token sees only"));
        }
    }

    @Test
    void describesAWorkspaceTokenAsSeeingTheWholeWorkspace() throws Exception {
        try (CallSource source = open()) {
            AccessCheck access = source.verifyAccess();
            assertThat(access.account()).contains("workspace access token");
            assertThat(access.limits()).anySatisfy(limit -> assertThat(limit).isEqualTo(
                    "A workspace access token sees every recording in the Grain workspace."));
        }
    }

    @Test
    void countsEveryPageBeyondTwentyFiveExactly() throws Exception {
        grain.reset();
        List<SeededCall> many = grain.seed(60, WINDOW, CallMix.TYPICAL, 11);
        grain.usePageSize(2);
        try (CallSource source = open()) {
            CallCount count = source.countCalls(WINDOW);
            assertThat(count.calls()).isEqualTo(many.size());
            assertThat(count.exact()).isTrue();
            assertThat(count.callRequests()).as("a transcript for each, a download for each with media")
                    .hasValue(many.size() + grain.callsWithRecording().size());
        }
        assertThat(grain.listingRequests()).as("thirty pages of two").isEqualTo(30);
    }

    private List<SourceCall> readAll() throws Exception {
        List<SourceCall> calls = new ArrayList<>();
        try (CallSource source = open()) {
            Optional<Checkpoint> position = Optional.of(Checkpoint.START);
            while (position.isPresent()) {
                CallPage page = source.fetchPage(WINDOW, position.get());
                assertThat(page.failed()).isEmpty();
                calls.addAll(page.calls());
                position = page.next();
            }
        }
        return calls;
    }

    private static String sha256(CallSource source, SourceCall call) throws Exception {
        try (RecordingContent content = source.openRecording(call)) {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.stream().readAllBytes()));
        }
    }
}
