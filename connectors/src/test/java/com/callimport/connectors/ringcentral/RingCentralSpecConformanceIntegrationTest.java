package com.callimport.connectors.ringcentral;

import com.callimport.connector.CallPage;
import com.callimport.connector.CallSource;
import com.callimport.connector.Checkpoint;
import com.callimport.connector.DateWindow;
import com.callimport.connector.RecordingContent;
import com.callimport.connector.SourceCall;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connector.testkit.CountingPermits;
import com.callimport.connector.testkit.ManualClock;
import com.callimport.connector.testkit.RecordedExchange;
import com.callimport.connector.testkit.VendorSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The connector's requests and the simulator's answers, checked against RingCentral's own OpenAPI document. */
class RingCentralSpecConformanceIntegrationTest {
    private static final DateWindow WINDOW =
            new DateWindow(Instant.parse("2026-05-04T00:00:00Z"), Instant.parse("2026-05-05T00:00:00Z"));
    private static final ManualClock CLOCK = new ManualClock(WINDOW.to().plus(Duration.ofHours(1)));
    private static VendorSpecification ringCentralSpec;
    private static RingCentralSimulator ringCentral;

    @BeforeAll
    static void load() {
        ringCentralSpec = VendorSpecification.loadMergingCombinedSchemas("ringcentral/rc-public-openapi.yml");
        ringCentral = RingCentralSimulator.start(CLOCK);
    }

    @AfterAll
    static void stop() {
        ringCentral.close();
    }

    @Test
    void requestsAndAnswersOfAFullImportConformToRingCentralsSpec() throws Exception {
        ringCentral.reset();
        ringCentral.usePageSize(10);
        ringCentral.seed(25, WINDOW, CallMix.TYPICAL, 7);
        ringCentral.recordExchanges(true);
        try (CallSource source = new RingCentralConnector().open(RingCentralCredentialsFixture.context(
                ringCentral, RingCentralCredentialsFixture.accepted(), new CountingPermits(), CLOCK))) {
            source.verifyAccess();
            source.countCalls(WINDOW);
            source.countCalls(new DateWindow(WINDOW.from().minus(Duration.ofDays(9)), WINDOW.from().minus(Duration.ofDays(8))));
            Optional<Checkpoint> position = Optional.of(Checkpoint.START);
            SourceCall recorded = null;
            while (position.isPresent()) {
                CallPage page = source.fetchPage(WINDOW, position.get());
                recorded = page.calls().stream().filter(call -> call.recording().isPresent()).findFirst().orElse(recorded);
                position = page.next();
            }
            try (RecordingContent content = source.openRecording(recorded)) {
                content.stream().readAllBytes();
            }
            ringCentral.withholdPermission("ReadCallLog");
            catchThrowable(() -> source.fetchPage(WINDOW, Checkpoint.START));
        }
        List<RecordedExchange> exchanges = ringCentral.exchanges();
        assertThat(exchanges).extracting(RecordedExchange::status).contains(200, 403);
        assertThat(exchanges).extracting(RecordedExchange::path)
                .contains(RingCentralClient.CALL_LOG_PATH, RingCentralClient.EXTENSION_PATH);
        assertThat(exchanges).anySatisfy(exchange -> assertThat(exchange.path()).endsWith("/content"));
        ringCentralSpec.assertConforms(exchanges);
    }

    @Test
    void catchesAPageSizeAboveRingCentralsMaximum() {
        RecordedExchange tooLarge = new RecordedExchange("GET", RingCentralClient.CALL_LOG_PATH,
                Map.of("perPage", List.of("5000"), "view", List.of("Detailed")),
                Map.of("authorization", List.of("Bearer x")), "", 200,
                Map.of("content-type", List.of("application/json")),
                "{\"records\":[],\"navigation\":{},\"paging\":{\"perPage\":1000}}");
        assertThat(ringCentralSpec.violations(tooLarge)).anySatisfy(violation -> assertThat(violation).contains("perPage"));
    }
}
