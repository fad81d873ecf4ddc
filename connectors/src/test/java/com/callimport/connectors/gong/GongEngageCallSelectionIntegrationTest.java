package com.callimport.connectors.gong;

import com.callimport.connector.CallCount;
import com.callimport.connector.CallPage;
import com.callimport.connector.CallSource;
import com.callimport.connector.Checkpoint;
import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connector.testkit.CountingPermits;
import com.callimport.connector.testkit.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class GongEngageCallSelectionIntegrationTest {
    private static final DateWindow WINDOW = new DateWindow(Instant.parse("2026-04-06T00:00:00Z"), Instant.parse("2026-04-07T00:00:00Z"));

    @Test
    void importsOnlyTheCallsGongsDialerPlacedAndCountsTheOthersAsLeftOut() throws Exception {
        ManualClock clock = new ManualClock(WINDOW.to().plusSeconds(3600));
        try (GongSimulator gong = GongSimulator.start(clock)) {
            gong.useDialerShare(0.4);
            gong.seed(30, WINDOW, CallMix.COMPLETE, 4);
            gong.usePageSize(10);
            List<String> imported = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            CallCount count;
            try (CallSource source = new GongEngageConnector().open(GongCredentialsFixture.context(gong, Map.of(), new CountingPermits(), clock))) {
                Optional<Checkpoint> at = Optional.of(Checkpoint.START);
                while (at.isPresent()) {
                    CallPage page = source.fetchPage(WINDOW, at.get());
                    page.calls().forEach(call -> imported.add(call.vendorCallId()));
                    page.skipped().forEach(call -> skipped.add(call.vendorCallId()));
                    at = page.next();
                }
                count = source.countCalls(WINDOW);
            }
            assertThat(imported).containsExactlyInAnyOrderElementsOf(gong.dialerCallIds());
            assertThat(skipped).hasSize(30 - gong.dialerCallIds().size());
            assertThat(count.toImport()).isEqualTo(gong.dialerCallIds().size());
            assertThat(count.excluded()).singleElement().satisfies(exclusion ->
                    assertThat(exclusion.reason()).contains("Gong's dialer"));
        }
    }
}
