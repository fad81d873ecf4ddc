package com.callimport.connectors.ringcentral;

import com.callimport.connector.AccessCheck;
import com.callimport.connector.Affiliation;
import com.callimport.connector.CallCount;
import com.callimport.connector.CallDirection;
import com.callimport.connector.CallPage;
import com.callimport.connector.CallSource;
import com.callimport.connector.Checkpoint;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.Credentials;
import com.callimport.connector.DateWindow;
import com.callimport.connector.RecordingContent;
import com.callimport.connector.RequestPermits;
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

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(20)
class RingCentralCallSourceIntegrationTest {
    private static final DateWindow WINDOW =
            new DateWindow(Instant.parse("2026-04-06T00:00:00Z"), Instant.parse("2026-04-07T00:00:00Z"));
    private static final ManualClock CLOCK = new ManualClock(WINDOW.to().plus(Duration.ofHours(2)));
    private static RingCentralSimulator ringCentral;

    private final RingCentralConnector connector = new RingCentralConnector();
    private List<SeededCall> seeded;

    @BeforeAll
    static void startRingCentral() {
        ringCentral = RingCentralSimulator.start(CLOCK);
    }

    @AfterAll
    static void stopRingCentral() {
        ringCentral.close();
    }

    @BeforeEach
    void seed() {
        CLOCK.set(WINDOW.to().plus(Duration.ofHours(2)));
        ringCentral.reset();
        ringCentral.usePageSize(10);
        seeded = ringCentral.seed(25, WINDOW, CallMix.TYPICAL, 42);
    }

    @Test
    void readsTheAccountCallLogPageByPage() throws Exception {
        ringCentral.recordExchanges(true);
        List<CallPage> pages = new ArrayList<>();
        try (CallSource source = open(new CountingPermits())) {
            Optional<Checkpoint> position = Optional.of(Checkpoint.START);
            while (position.isPresent()) {
                CallPage page = source.fetchPage(WINDOW, position.get());
                pages.add(page);
                position = page.next();
            }
        }
        assertThat(pages).extracting(page -> page.calls().size()).containsExactly(10, 10, 5);
        assertThat(pages.stream().flatMap(page -> page.calls().stream()).map(SourceCall::vendorCallId).toList())
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(seeded.stream().map(SeededCall::vendorCallId).toList());
        List<RecordedExchange> listings = ringCentral.exchanges();
        assertThat(listings).extracting(RecordedExchange::path).containsOnly(RingCentralClient.CALL_LOG_PATH);
        assertThat(listings).extracting(exchange -> exchange.query().get("page")).containsExactly(List.of("1"), List.of("2"), List.of("3"));
        // the first request asks for RingCentral's largest page; later ones keep the size it served, so boundaries hold
        assertThat(listings).extracting(exchange -> exchange.query().get("perPage")).containsExactly(List.of("1000"), List.of("10"), List.of("10"));
        assertThat(listings).allSatisfy(exchange -> {
            assertThat(exchange.query().get("view")).containsExactly("Detailed");
            // a minute wider on each side: RingCentral does not say whether dateFrom and dateTo include their instant
            assertThat(exchange.query().get("dateFrom")).containsExactly(WINDOW.from().minus(RingCentralCallSource.EDGE_MARGIN).toString());
            assertThat(exchange.query().get("dateTo")).containsExactly(WINDOW.to().plus(RingCentralCallSource.EDGE_MARGIN).toString());
            assertThat(exchange.query()).doesNotContainKeys("withRecording", "recordingType");
            assertThat(exchange.requestHeaders().get("authorization")).containsExactly("Bearer " + RingCentralSimulator.TEST_ACCESS_TOKEN);
        });
    }

    @Test
    void asksForAHeavyPermitBeforeEveryCallLogRequest() throws Exception {
        GroupPermits permits = new GroupPermits();
        try (CallSource source = open(permits)) {
            source.verifyAccess();
            source.countCalls(WINDOW);
            SourceCall recorded = null;
            Optional<Checkpoint> position = Optional.of(Checkpoint.START);
            while (position.isPresent()) {
                CallPage page = source.fetchPage(WINDOW, position.get());
                recorded = page.calls().stream().filter(call -> call.recording().isPresent()).findFirst().orElse(recorded);
                position = page.next();
            }
            try (RecordingContent content = source.openRecording(recorded)) {
                content.stream().readAllBytes();
            }
        }
        // 3 pages counted, 3 pages listed, 1 recording: all Heavy; the access check is Light
        assertThat(permits.groups()).containsExactly("Light", "Heavy", "Heavy", "Heavy", "Heavy", "Heavy", "Heavy", "Heavy");
        assertThat(ringCentral.requestsInGroup("Heavy")).isEqualTo(7);
        assertThat(ringCentral.requestsInGroup("Light")).isEqualTo(1);
        assertThat(ringCentral.apiRequestsReceived()).isEqualTo(permits.groups().size());
        assertThat(connector.rateLimitGroups()).containsKeys("Light", "Medium", "Heavy", "Auth");
        assertThat(connector.rateLimitGroups().get("Heavy")).singleElement()
                .satisfies(limit -> {
                    assertThat(limit.requests()).isEqualTo(10);
                    assertThat(limit.period()).isEqualTo(Duration.ofSeconds(60));
                });
    }

    @Test
    void namesTheMissingPermission() throws Exception {
        ringCentral.withholdPermission("ReadCallLog");
        try (CallSource source = open(new CountingPermits())) {
            assertThatThrownBy(() -> source.fetchPage(WINDOW, Checkpoint.START))
                    .isInstanceOfSatisfying(ConnectorException.AuthenticationFailed.class, failed -> assertThat(failed.getMessage())
                            .contains("ReadCallLog").contains("Reconnect RingCentral as an administrator")
                            .doesNotContain(RingCentralSimulator.TEST_ACCESS_TOKEN));
        }
        ringCentral.reset();
        ringCentral.seed(5, WINDOW, CallMix.COMPLETE, 1);
        ringCentral.withholdPermission(RingCentralSimulator.COMPANY_CALL_LOG_PERMISSION);
        try (CallSource source = open(new CountingPermits())) {
            AccessCheck check = source.verifyAccess();
            assertThat(check.limits()).anySatisfy(limit -> assertThat(limit).contains("not an administrator"));
            assertThatThrownBy(() -> source.countCalls(WINDOW))
                    .isInstanceOfSatisfying(ConnectorException.AuthenticationFailed.class, failed -> assertThat(failed.getMessage())
                            .contains("user who connected lacks the FullCompanyCallLog permission")
                            .contains("Reconnect RingCentral as an administrator"));
        }
    }

    @Test
    void picksUpARecordingThatAppearedAfterTheFirstListing() throws Exception {
        ringCentral.reset();
        ringCentral.seed(6, WINDOW, new CallMix(0, 0.5, 0), 9);
        SourceCall before;
        try (CallSource source = open(new CountingPermits())) {
            before = source.fetchPage(WINDOW, Checkpoint.START).calls().stream()
                    .filter(call -> call.recording().isEmpty()).findFirst().orElseThrow();
        }
        CLOCK.advance(Duration.ofMinutes(20));
        ringCentral.attachRecording(before.vendorCallId());
        SourceCall after;
        try (CallSource source = open(new CountingPermits())) {
            after = source.fetchPage(WINDOW, Checkpoint.START).calls().stream()
                    .filter(call -> call.vendorCallId().equals(before.vendorCallId())).findFirst().orElseThrow();
            assertThat(after.recording()).isPresent();
            // the record changed, so the engine's content hash sees an update rather than an unchanged call
            assertThat(after.rawMetadataJson()).isNotEqualTo(before.rawMetadataJson());
            try (RecordingContent content = source.openRecording(after)) {
                assertThat(sha256(content.stream().readAllBytes())).isEqualTo(ringCentral.recordingSha256(after.vendorCallId()));
            }
        }
        assertThat(connector.syncLookback()).isGreaterThanOrEqualTo(Duration.ofHours(24));
    }

    @Test
    void listsARecordingOnlyOnceRingCentralHasAttachedIt() throws Exception {
        ringCentral.delayRecordings(Duration.ofHours(3));
        try (CallSource source = open(new CountingPermits())) {
            List<SourceCall> early = readAll(source);
            // the last calls of the window ended less than three hours before "now"
            assertThat(early).anyMatch(call -> call.recording().isEmpty() && seededCall(call.vendorCallId()).hasRecording());
            CLOCK.advance(Duration.ofHours(4));
            List<SourceCall> later = readAll(source);
            for (SourceCall call : later) {
                assertThat(call.recording().isPresent()).as("recording of %s", call.vendorCallId())
                        .isEqualTo(seededCall(call.vendorCallId()).hasRecording());
            }
        }
    }

    @Test
    void countsCallsByReadingEveryPage() throws Exception {
        ringCentral.recordExchanges(true);
        try (CallSource source = open(new CountingPermits())) {
            assertThat(source.countCalls(WINDOW)).isEqualTo(new CallCount(25, true));
        }
        assertThat(ringCentral.exchanges()).hasSize(3);
    }

    @Test
    void mapsCallerAndCalleeWithTheirAffiliation() throws Exception {
        List<SourceCall> calls;
        try (CallSource source = open(new CountingPermits())) {
            calls = readAll(source);
        }
        assertThat(calls).allSatisfy(call -> {
            assertThat(call.participants()).hasSize(2);
            assertThat(call.participants()).anyMatch(party -> party.affiliation() == Affiliation.INTERNAL);
            assertThat(call.participants()).allSatisfy(party -> assertThat(party.phone()).isNotBlank());
            assertThat(call.direction()).isIn(CallDirection.INBOUND, CallDirection.OUTBOUND);
            assertThat(call.transcript()).isEmpty();
            assertThat(call.title()).isNull();
            assertThat(call.rawMetadataJson()).contains("\"result\"").contains("\"telephonySessionId\"");
        });
        // outbound: the account's user calls out, so the internal party comes first
        SourceCall outbound = calls.stream().filter(call -> call.direction() == CallDirection.OUTBOUND
                && call.participants().get(1).affiliation() == Affiliation.EXTERNAL).findFirst().orElseThrow();
        assertThat(outbound.participants().get(0).affiliation()).isEqualTo(Affiliation.INTERNAL);
        assertThat(calls).anyMatch(call -> call.participants().stream().allMatch(party -> party.affiliation() == Affiliation.INTERNAL));
    }

    @Test
    void reportsTheHeavyPenaltyWithTheVendorsWait() throws Exception {
        ringCentral.enforceThrottlingGroups(true);
        try (CallSource source = open(new CountingPermits())) {
            for (int request = 0; request < 10; request++) {
                source.fetchPage(WINDOW, Checkpoint.START);
            }
            assertThatThrownBy(() -> source.fetchPage(WINDOW, Checkpoint.START))
                    .isInstanceOfSatisfying(ConnectorException.RateLimited.class, limited -> {
                        assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(60));
                        assertThat(limited.getMessage()).containsIgnoringCase("X-Rate-Limit-Group=Heavy").containsIgnoringCase("X-Rate-Limit-Window=60");
                    });
            assertThat(ringCentral.penaltiesStarted("Heavy")).isEqualTo(1);
            // a request during the penalty restarts it: the engine must wait the full Retry-After
            CLOCK.advance(Duration.ofSeconds(30));
            assertThatThrownBy(() -> source.fetchPage(WINDOW, Checkpoint.START)).isInstanceOf(ConnectorException.RateLimited.class);
            assertThat(ringCentral.penaltyRestarts("Heavy")).isEqualTo(1);
            CLOCK.advance(Duration.ofSeconds(45));
            assertThatThrownBy(() -> source.fetchPage(WINDOW, Checkpoint.START)).isInstanceOf(ConnectorException.RateLimited.class);
            CLOCK.advance(Duration.ofSeconds(60));
            assertThat(source.fetchPage(WINDOW, Checkpoint.START).calls()).hasSize(10);
            // Light is a separate budget, untouched by the Heavy penalty
            assertThat(source.verifyAccess().account()).contains(RingCentralSimulator.ACCOUNT_ID);
        }
    }

    @Test
    void endsTheWindowOnAnEmptyPage() throws Exception {
        ringCentral.answerNextListingEmpty();
        try (CallSource source = open(new CountingPermits())) {
            CallPage page = source.fetchPage(WINDOW, Checkpoint.START);
            assertThat(page.listedCalls()).isZero();
            assertThat(page.next()).isEmpty();
        }
    }

    @Test
    void reportsARecordingRingCentralNoLongerKeeps() throws Exception {
        SourceCall recorded;
        try (CallSource source = open(new CountingPermits())) {
            recorded = readAll(source).stream().filter(call -> call.recording().isPresent()).findFirst().orElseThrow();
        }
        ringCentral.reset();
        try (CallSource source = open(new CountingPermits())) {
            assertThatThrownBy(() -> source.openRecording(recorded))
                    .isInstanceOfSatisfying(ConnectorException.UnexpectedResponse.class,
                            gone -> assertThat(gone.getMessage()).contains("90 days"));
        }
    }

    @Test
    void downloadsRecordingsFromRingCentralsOwnAddressOnly() throws Exception {
        SourceCall recorded;
        ringCentral.recordExchanges(true);
        try (CallSource source = open(new CountingPermits())) {
            recorded = readAll(source).stream().filter(call -> call.recording().isPresent()).findFirst().orElseThrow();
            // a contentUri pointing elsewhere must not receive the bearer token
            String tampered = recorded.rawMetadataJson().replace(ringCentral.baseUrl().toString(), "http://127.0.0.1:9");
            SourceCall elsewhere = new SourceCall(recorded.vendorCallId(), null, recorded.startedAt(), recorded.duration(),
                    recorded.direction(), recorded.participants(), List.of(), recorded.recording(), tampered);
            try (RecordingContent content = source.openRecording(elsewhere)) {
                assertThat(content.mediaType()).isEqualTo("audio/mpeg");
                assertThat(sha256(content.stream().readAllBytes())).isEqualTo(ringCentral.recordingSha256(recorded.vendorCallId()));
            }
        }
        assertThat(ringCentral.exchanges()).extracting(RecordedExchange::path)
                .anySatisfy(path -> assertThat(path).matches("/restapi/v1\\.0/account/~/recording/\\d+/content"));
    }

    private List<SourceCall> readAll(CallSource source) throws ConnectorException, InterruptedException {
        List<SourceCall> calls = new ArrayList<>();
        Optional<Checkpoint> position = Optional.of(Checkpoint.START);
        while (position.isPresent()) {
            CallPage page = source.fetchPage(WINDOW, position.get());
            calls.addAll(page.calls());
            position = page.next();
        }
        return calls;
    }

    private SeededCall seededCall(String id) {
        return seeded.stream().filter(call -> call.vendorCallId().equals(id)).findFirst().orElseThrow();
    }

    private CallSource open(RequestPermits permits) {
        return open(RingCentralCredentialsFixture.accepted(), permits);
    }

    private CallSource open(Credentials credentials, RequestPermits permits) {
        return connector.open(RingCentralCredentialsFixture.context(ringCentral, credentials, permits, CLOCK));
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Permits that never wait and record which group each request asked for; "(account)" for none. */
    static final class GroupPermits implements RequestPermits {
        private final List<String> groups = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void awaitPermit() {
            groups.add("(account)");
        }

        @Override
        public void awaitPermit(String group) {
            groups.add(group);
        }

        List<String> groups() {
            return List.copyOf(groups);
        }
    }
}
