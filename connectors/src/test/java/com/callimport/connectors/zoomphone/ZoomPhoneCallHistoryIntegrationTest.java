package com.callimport.connectors.zoomphone;

import com.callimport.connector.CallPage;
import com.callimport.connector.CallSource;
import com.callimport.connector.Checkpoint;
import com.callimport.connector.DateWindow;
import com.callimport.connector.SourceCall;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connector.testkit.CountingPermits;
import com.callimport.connector.testkit.ManualClock;
import com.callimport.connector.testkit.SeededCall;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Zoom's listing rules: month-long requests, six months of history, page tokens that die, calls with several legs. */
class ZoomPhoneCallHistoryIntegrationTest {
    private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
    private static final DateWindow THREE_MONTHS = new DateWindow(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-05-30T00:00:00Z"));
    private static final ManualClock CLOCK = new ManualClock(NOW);
    private static ZoomPhoneSimulator zoom;

    @BeforeAll
    static void start() {
        zoom = ZoomPhoneSimulator.start(CLOCK);
    }

    @AfterAll
    static void stop() {
        zoom.close();
    }

    @BeforeEach
    void seed() {
        CLOCK.set(NOW);
        zoom.reset();
    }

    private CallSource source() {
        return new ZoomPhoneConnector().open(ZoomPhoneCredentialsFixture.context(zoom, new CountingPermits(), CLOCK));
    }

    @Test
    void listsAThreeMonthWindowInRequestsOfAtMostAMonthEach() throws Exception {
        List<SeededCall> seeded = zoom.seed(90, THREE_MONTHS, CallMix.TYPICAL, 3);
        zoom.usePageSize(10);
        List<String> listed = new ArrayList<>();
        try (CallSource source = source()) {
            Optional<Checkpoint> at = Optional.of(Checkpoint.START);
            while (at.isPresent()) {
                CallPage page = source.fetchPage(THREE_MONTHS, at.get());
                page.calls().forEach(call -> listed.add(call.vendorCallId()));
                at = page.next();
            }
            assertThat(source.countCalls(THREE_MONTHS).calls()).isEqualTo(90);
        }
        assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(seeded.stream().map(SeededCall::vendorCallId).toList());
        assertThat(zoom.historyRanges()).as("every request within a month").allSatisfy(range -> {
            String[] days = range.split("\\.\\.");
            assertThat(java.time.LocalDate.parse(days[0]).plusMonths(1)).isAfterOrEqualTo(java.time.LocalDate.parse(days[1]));
        });
        assertThat(zoom.historyRanges().stream().distinct().count()).as("distinct month-long parts").isGreaterThanOrEqualTo(3);
    }

    @Test
    void aPositionWhosePageTokenDiedReReadsItsPartAndDeliversExactlyTheRest() throws Exception {
        List<SeededCall> seeded = zoom.seed(40, THREE_MONTHS, CallMix.TYPICAL, 5);
        zoom.usePageSize(10);
        List<String> listed = new ArrayList<>();
        try (CallSource source = source()) {
            CallPage first = source.fetchPage(THREE_MONTHS, Checkpoint.START);
            first.calls().forEach(call -> listed.add(call.vendorCallId()));
            // the import was paused for 20 minutes: Zoom's token has died meanwhile
            CLOCK.advance(Duration.ofMinutes(20));
            zoom.expireAllPageTokens();
            Optional<Checkpoint> at = first.next();
            while (at.isPresent()) {
                CallPage page = source.fetchPage(THREE_MONTHS, at.get());
                page.calls().forEach(call -> listed.add(call.vendorCallId()));
                at = page.next();
            }
        }
        assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(seeded.stream().map(SeededCall::vendorCallId).toList());
        assertThat(zoom.expiredPageTokensRefused()).as("a token known to be stale is not even tried").isZero();
    }

    @Test
    void aTokenZoomRefusesBeforeItsFifteenMinutesIsRecoveredTheSameWay() throws Exception {
        List<SeededCall> seeded = zoom.seed(60, THREE_MONTHS, CallMix.TYPICAL, 6);
        zoom.usePageSize(10);
        List<String> listed = new ArrayList<>();
        try (CallSource source = source()) {
            Optional<Checkpoint> at = Optional.of(Checkpoint.START);
            while (at.isPresent()) {
                CallPage page = source.fetchPage(THREE_MONTHS, at.get());
                page.calls().forEach(call -> listed.add(call.vendorCallId()));
                at = page.next();
                // Zoom refuses every token it handed out, well before its 15 minutes are up
                zoom.expireAllPageTokens();
            }
        }
        assertThat(zoom.expiredPageTokensRefused()).isPositive();
        assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(seeded.stream().map(SeededCall::vendorCallId).toList());
    }

    @Test
    void aTransferredCallsSeveralHistoryEntriesBecomeOneCallWithEveryParty() throws Exception {
        zoom.useTransferredShare(0.5);
        List<SeededCall> seeded = zoom.seed(10, THREE_MONTHS, CallMix.COMPLETE, 7);
        List<SourceCall> calls = new ArrayList<>();
        try (CallSource source = source()) {
            Optional<Checkpoint> at = Optional.of(Checkpoint.START);
            while (at.isPresent()) {
                CallPage page = source.fetchPage(THREE_MONTHS, at.get());
                calls.addAll(page.calls());
                at = page.next();
            }
        }
        assertThat(calls).extracting(SourceCall::vendorCallId).doesNotHaveDuplicates().hasSize(10);
        for (SeededCall seed : seeded) {
            SourceCall call = calls.stream().filter(c -> c.vendorCallId().equals(seed.vendorCallId())).findFirst().orElseThrow();
            assertThat(call.participants()).as("parties of %s", seed.vendorCallId()).hasSize(seed.participants());
        }
    }

    @Test
    void callsOlderThanZoomKeepsAreNotAskedForAndThePreviewSaysSo() throws Exception {
        DateWindow year = new DateWindow(NOW.minus(Duration.ofDays(365)), NOW.minus(Duration.ofDays(1)));
        zoom.seed(20, new DateWindow(NOW.minus(Duration.ofDays(60)), NOW.minus(Duration.ofDays(2))), CallMix.TYPICAL, 8);
        try (CallSource source = source()) {
            assertThat(source.countCalls(year).calls()).isEqualTo(20);
            assertThat(source.verifyAccess().limits()).anySatisfy(limit -> assertThat(limit).contains("last six months"));
        }
        assertThat(zoom.historyRanges()).allSatisfy(range ->
                assertThat(java.time.LocalDate.parse(range.split("\\.\\.")[0])).isAfterOrEqualTo(java.time.LocalDate.parse("2025-12-15")));
    }
}
