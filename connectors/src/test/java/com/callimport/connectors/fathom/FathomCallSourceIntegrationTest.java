package com.callimport.connectors.fathom;

import com.callimport.connector.AccessCheck;
import com.callimport.connector.Affiliation;
import com.callimport.connector.CallCount;
import com.callimport.connector.CallDirection;
import com.callimport.connector.CallPage;
import com.callimport.connector.CallSource;
import com.callimport.connector.Checkpoint;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.DateWindow;
import com.callimport.connector.RecordingContent;
import com.callimport.connector.SourceCall;
import com.callimport.connector.SourceParticipant;
import com.callimport.connector.TranscriptSegment;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connector.testkit.CountingPermits;
import com.callimport.connector.testkit.ManualClock;
import com.callimport.connector.testkit.RecordedExchange;
import com.callimport.connector.testkit.SeededCall;
import com.callimport.connector.testkit.WindowBounds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(20)
class FathomCallSourceIntegrationTest {
    private static final DateWindow WINDOW =
            new DateWindow(Instant.parse("2026-04-06T00:00:00Z"), Instant.parse("2026-04-07T00:00:00Z"));
    private static final ManualClock CLOCK = new ManualClock(WINDOW.to().plus(Duration.ofDays(2)));
    private static FathomSimulator fathom;

    private final FathomConnector connector = new FathomConnector();
    private final CountingPermits permits = new CountingPermits();
    private List<SeededCall> seeded;

    @BeforeAll
    static void startFathom() {
        fathom = FathomSimulator.start(CLOCK);
    }

    @AfterAll
    static void stopFathom() {
        fathom.close();
    }

    @BeforeEach
    void seed() {
        CLOCK.set(WINDOW.to().plus(Duration.ofDays(2)));
        fathom.reset();
        seeded = fathom.seed(24, WINDOW, CallMix.TYPICAL, 42);
    }

    private CallSource open() {
        return connector.open(FathomCredentialsFixture.context(fathom, permits, CLOCK));
    }

    @Test
    void mapsAMeetingWithItsInviteesTheRecorderAndATranscriptTimedFromItsTimestamps() throws Exception {
        List<SourceCall> calls = readAll(WINDOW);
        SourceCall call = calls.stream().filter(c -> c.transcript().size() >= 3).findFirst().orElseThrow();
        SeededCall seed = seeded.stream().filter(s -> s.vendorCallId().equals(call.vendorCallId())).findFirst().orElseThrow();

        assertThat(call.vendorCallId()).matches("\\d+");
        assertThat(call.startedAt()).isEqualTo(seed.startedAt());
        assertThat(call.direction()).isEqualTo(CallDirection.CONFERENCE);
        assertThat(call.duration()).isPositive();
        assertThat(call.participants()).hasSize(seed.participants());
        assertThat(call.participants()).extracting(SourceParticipant::affiliation).contains(Affiliation.INTERNAL, Affiliation.EXTERNAL);
        List<TranscriptSegment> segments = call.transcript();
        for (int i = 0; i + 1 < segments.size(); i++) {
            assertThat(segments.get(i).startMillis() % 1_000).as("second resolution").isZero();
            assertThat(segments.get(i).endMillis()).as("ends where the next begins").isEqualTo(segments.get(i + 1).startMillis());
        }
        assertThat(segments.getLast().endMillis()).as("the last ends with the recording").isEqualTo(call.duration().toMillis());
        Set<String> speakers = call.participants().stream().map(SourceParticipant::speakerId)
                .filter(java.util.Objects::nonNull).collect(Collectors.toSet());
        assertThat(segments).extracting(TranscriptSegment::speakerId).allMatch(speakers::contains);
        assertThat(call.rawMetadataJson()).contains("\"recording_id\"").doesNotContain("\"transcript\"").doesNotContain("sig=");
    }

    @Test
    void addsTheRecordingUserAsAnInternalParticipantOnlyWhenTheyWereNotInvited() throws Exception {
        for (SourceCall call : readAll(WINDOW)) {
            long recorders = call.participants().stream().filter(p -> "sam.recorder@seller.example".equals(p.email())).count();
            int invitees = call.participants().size() - (int) recorders;
            assertThat(recorders).isLessThanOrEqualTo(1);
            assertThat(call.participants().stream().map(SourceParticipant::email).distinct().count())
                    .as("no one twice in %s", call.vendorCallId()).isEqualTo(call.participants().size());
            if (recorders == 1) {
                assertThat(call.participants().getLast().affiliation()).isEqualTo(Affiliation.INTERNAL);
                assertThat(invitees).isPositive();
            }
        }
    }

    @Test
    void listsByCreationTimeButKeepsOnlyMeetingsThatStartedInTheWindow() throws Exception {
        fathom.reset();
        DateWindow twoDays = new DateWindow(WINDOW.from(), WINDOW.to().plus(Duration.ofDays(1)));
        List<SeededCall> both = fathom.seed(40, twoDays, CallMix.COMPLETE, 7);
        fathom.recordExchanges(true);

        List<SourceCall> firstDay = readAll(WINDOW);

        Set<String> expected = both.stream().filter(call -> WINDOW.contains(call.startedAt()))
                .map(SeededCall::vendorCallId).collect(Collectors.toSet());
        assertThat(firstDay).extracting(SourceCall::vendorCallId).containsExactlyInAnyOrderElementsOf(expected);
        RecordedExchange listing = fathom.exchanges().stream().filter(e -> e.path().endsWith("/meetings")).findFirst().orElseThrow();
        assertThat(Instant.parse(listing.query().get("created_after").getFirst())).isBefore(WINDOW.from());
        assertThat(Instant.parse(listing.query().get("created_before").getFirst())).isAfter(WINDOW.to());
        assertThat(fathom.downloadRequests()).as("media asked for only for meetings in the window").isEqualTo(expected.size());
    }

    @Test
    void findsMeetingsThatStartedBeforeAWindowsEndButWereCreatedLongAfterItInExactlyOneOfTwoAdjacentWindows() throws Exception {
        DateWindow nextDay = new DateWindow(WINDOW.to(), WINDOW.to().plus(Duration.ofDays(1)));
        for (WindowBounds reading : WindowBounds.values()) {
            fathom.reset();
            fathom.readWindowBoundsAs(reading);
            // a backed-up processing: Fathom creates the records a day and a half after the meetings
            fathom.delayProcessing(Duration.ofHours(36));
            List<SeededCall> late = fathom.seed(6, new DateWindow(WINDOW.to().minus(Duration.ofHours(2)), WINDOW.to()),
                    CallMix.COMPLETE, 11);
            CLOCK.set(WINDOW.to().plus(Duration.ofDays(3)));

            List<String> listed = new ArrayList<>();
            readAll(WINDOW).forEach(call -> listed.add(call.vendorCallId()));
            readAll(nextDay).forEach(call -> listed.add(call.vendorCallId()));

            assertThat(listed).as("vendor reading %s", reading).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(late.stream().map(SeededCall::vendorCallId).toList());
        }
    }

    @Test
    void asksForTranscriptsWhenListingButNotWhenCounting() throws Exception {
        fathom.recordExchanges(true);
        try (CallSource source = open()) {
            source.countCalls(WINDOW);
            source.fetchPage(WINDOW, Checkpoint.START);
        }
        List<RecordedExchange> listings = fathom.exchanges().stream().filter(e -> e.path().endsWith("/meetings")).toList();
        assertThat(listings.getFirst().query()).doesNotContainKey("include_transcript");
        assertThat(listings.getLast().query().get("include_transcript")).containsExactly("true");
        assertThat(fathom.exchanges()).allSatisfy(e -> assertThat(e.requestHeaders().get("x-api-key")).containsExactly(FathomSimulator.API_KEY));
    }

    @Test
    void learnsFromTheDownloadRequestWhichMeetingsHaveNoMedia() throws Exception {
        List<SourceCall> calls = readAll(WINDOW);
        Set<String> withMedia = fathom.callsWithRecording();
        assertThat(withMedia).hasSizeLessThan(calls.size());
        for (SourceCall call : calls) {
            assertThat(call.recording().isPresent()).as("recording of %s", call.vendorCallId())
                    .isEqualTo(withMedia.contains(call.vendorCallId()));
        }
    }

    @Test
    void downloadsARecordingWithNoFurtherFathomRequestWhenTheListingAlreadyAskedForIt() throws Exception {
        try (CallSource source = open()) {
            CallPage page = source.fetchPage(WINDOW, Checkpoint.START);
            SourceCall call = page.calls().stream().filter(c -> c.recording().isPresent()).findFirst().orElseThrow();
            long before = fathom.apiRequestsReceived();
            assertThat(sha256(source, call)).isEqualTo(fathom.recordingSha256(call.vendorCallId()));
            assertThat(fathom.apiRequestsReceived()).isEqualTo(before);
        }
        assertThat(fathom.recordingRequestsWithApiKey()).as("the signed address is the only credential storage gets").isZero();
    }

    @Test
    void reportsADownloadStillProcessingAsTemporarilyUnavailableAndAsksForItsStateNextTime() throws Exception {
        fathom.keepDownloadsProcessingFor(1);
        try (CallSource source = open()) {
            CallPage page = source.fetchPage(WINDOW, Checkpoint.START);
            SourceCall call = page.calls().stream().filter(c -> c.recording().isPresent()).findFirst().orElseThrow();
            long requested = fathom.downloadRequests();

            assertThatThrownBy(() -> source.openRecording(call)).isInstanceOf(ConnectorException.TemporarilyUnavailable.class)
                    .hasMessageContaining("still preparing");
            assertThat(sha256(source, call)).isEqualTo(fathom.recordingSha256(call.vendorCallId()));

            assertThat(fathom.downloadRequests()).as("no second download requested").isEqualTo(requested);
            assertThat(fathom.downloadStatusRequests()).isEqualTo(2);
        }
    }

    @Test
    void requestsANewDownloadWhenStorageRefusesAnExpiredMediaLink() throws Exception {
        try (CallSource source = open()) {
            CallPage page = source.fetchPage(WINDOW, Checkpoint.START);
            SourceCall call = page.calls().stream().filter(c -> c.recording().isPresent()).findFirst().orElseThrow();
            long requested = fathom.downloadRequests();
            fathom.expireMediaLinks();

            assertThat(sha256(source, call)).isEqualTo(fathom.recordingSha256(call.vendorCallId()));
            assertThat(fathom.downloadRequests()).isEqualTo(requested + 1);
        }
    }

    @Test
    void requestsANewDownloadWithoutTryingALinkPastItsExpiry() throws Exception {
        try (CallSource source = open()) {
            CallPage page = source.fetchPage(WINDOW, Checkpoint.START);
            SourceCall call = page.calls().stream().filter(c -> c.recording().isPresent()).findFirst().orElseThrow();
            long storageRequests = fathom.recordingRequests();
            CLOCK.advance(FathomSimulator.MEDIA_URL_VALIDITY);

            assertThat(sha256(source, call)).isEqualTo(fathom.recordingSha256(call.vendorCallId()));
            assertThat(fathom.recordingRequests()).as("only the fresh address was tried").isEqualTo(storageRequests + 1);
        }
    }

    @Test
    void asksForEachMeetingsMediaOnceEvenWhenAPageIsFetchedAgainAfterA429() throws Exception {
        List<String> pageIds;
        try (CallSource source = open()) {
            // request 1 is the listing; request 4 is the third meeting's download request
            fathom.rateLimitEvery(4, Duration.ofSeconds(2));
            assertThatThrownBy(() -> source.fetchPage(WINDOW, Checkpoint.START)).isInstanceOf(ConnectorException.RateLimited.class);
            fathom.rateLimitEvery(0, Duration.ofSeconds(1));
            pageIds = source.fetchPage(WINDOW, Checkpoint.START).calls().stream().map(SourceCall::vendorCallId).toList();
        }
        assertThat(fathom.downloadRequests()).isEqualTo(pageIds.size());
    }

    @Test
    void readsRateLimitResetWhenFathomSendsNoRetryAfter() {
        fathom.sendRetryAfter(false);
        fathom.rateLimitNextRequest(Duration.ofSeconds(42));
        try (CallSource source = open()) {
            assertThatThrownBy(() -> source.fetchPage(WINDOW, Checkpoint.START))
                    .isInstanceOfSatisfying(ConnectorException.RateLimited.class,
                            limited -> assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(42)));
        }
    }

    @Test
    void answersFathomsDocumentedLimitWithTheWaitUntilTheWindowResets() throws Exception {
        fathom.enforceFathomRateLimit();
        try (CallSource source = open()) {
            for (int i = 0; i < 60; i++) {
                source.verifyAccess();
            }
            CLOCK.advance(Duration.ofSeconds(15));
            assertThatThrownBy(source::verifyAccess).isInstanceOfSatisfying(ConnectorException.RateLimited.class,
                    limited -> assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(45)));
        }
    }

    @Test
    void treatsAnAnswerCutShortAsTemporarilyUnavailable() {
        fathom.cutNextApiAnswer();
        try (CallSource source = open()) {
            assertThatThrownBy(() -> source.fetchPage(WINDOW, Checkpoint.START))
                    .isInstanceOf(ConnectorException.TemporarilyUnavailable.class);
        }
    }

    @Test
    void countsByPagingAndSaysWhenTheCountIsOnlyALowerBound() throws Exception {
        seeded = fathom.seed(FathomCallSource.MAX_COUNTED_PAGES + 15, WINDOW, CallMix.TYPICAL, 9);
        fathom.usePageSize(1);
        try (CallSource source = open()) {
            CallCount count = source.countCalls(WINDOW);
            assertThat(count.exact()).isFalse();
            assertThat(count.calls()).isLessThanOrEqualTo(FathomCallSource.MAX_COUNTED_PAGES).isLessThan(seeded.size());
        }
        fathom.usePageSize(FathomSimulator.DEFAULT_PAGE_SIZE);
        try (CallSource source = open()) {
            assertThat(source.countCalls(WINDOW)).isEqualTo(new CallCount(seeded.size(), true));
        }
    }

    @Test
    void tellsTheCustomerThatAKeySeesOnlyItsOwnersAndSharedMeetings() throws Exception {
        try (CallSource source = open()) {
            AccessCheck access = source.verifyAccess();
            assertThat(access.limits()).anySatisfy(limit -> assertThat(limit)
                    .contains("only the meetings its owner recorded or that were shared with them"));
        }
    }

    @Test
    void namesWhereToCreateAnApiKeyWhenFathomRejectsIt() {
        fathom.rejectCredentials(true);
        try (CallSource source = open()) {
            assertThatThrownBy(source::verifyAccess).isInstanceOf(ConnectorException.AuthenticationFailed.class)
                    .hasMessageContaining("User Settings → API Access").hasMessageNotContaining(FathomSimulator.API_KEY);
        }
    }

    private List<SourceCall> readAll(DateWindow window) throws Exception {
        List<SourceCall> calls = new ArrayList<>();
        try (CallSource source = open()) {
            Optional<Checkpoint> position = Optional.of(Checkpoint.START);
            while (position.isPresent()) {
                CallPage page = source.fetchPage(window, position.get());
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
