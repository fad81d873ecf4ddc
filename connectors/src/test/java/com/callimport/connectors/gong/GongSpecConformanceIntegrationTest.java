package com.callimport.connectors.gong;

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

/** The connector's requests and the simulator's answers, checked against Gong's own OpenAPI document. */
class GongSpecConformanceIntegrationTest {
    private static final DateWindow WINDOW =
            new DateWindow(Instant.parse("2026-05-04T00:00:00Z"), Instant.parse("2026-05-05T00:00:00Z"));
    private static final ManualClock CLOCK = new ManualClock(WINDOW.to().plus(Duration.ofHours(1)));
    private static VendorSpecification gongSpec;
    private static GongSimulator gong;

    @BeforeAll
    static void load() {
        gongSpec = VendorSpecification.load("gong/gong.oas.normalized.json");
        gong = GongSimulator.start(CLOCK);
    }

    @AfterAll
    static void stop() {
        gong.close();
    }

    @Test
    void requestsAndAnswersOfAFullImportConformToGongsSpec() throws Exception {
        gong.reset();
        gong.usePageSize(10);
        gong.seed(25, WINDOW, CallMix.TYPICAL, 7);
        gong.recordExchanges(true);
        try (CallSource source = new GongConnector().open(
                GongCredentialsFixture.context(gong, Map.of(), new CountingPermits(), CLOCK))) {
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
            CLOCK.advance(Duration.ofHours(9));
            try (RecordingContent content = source.openRecording(recorded)) {
                content.stream().readAllBytes();
            }
            gong.rateLimitNextRequest(Duration.ofSeconds(2));
            catchThrowable(() -> source.fetchPage(WINDOW, Checkpoint.START));
            gong.failNextRequest(500);
            catchThrowable(() -> source.fetchPage(WINDOW, Checkpoint.START));
        }
        List<RecordedExchange> exchanges = gong.exchanges();
        assertThat(exchanges).extracting(RecordedExchange::status).contains(200, 404, 429, 500);
        assertThat(exchanges).extracting(RecordedExchange::path)
                .contains(GongClient.CALLS_PATH, GongClient.EXTENSIVE_PATH, GongClient.TRANSCRIPT_PATH);
        gongSpec.assertConforms(exchanges);
    }

    @Test
    void catchesACursorSentInTheQueryStringOfTheExtensiveListing() {
        RecordedExchange cursorInQuery = new RecordedExchange("POST", GongClient.EXTENSIVE_PATH,
                Map.of("cursor", List.of("abc")), Map.of("content-type", List.of("application/json"),
                "authorization", List.of("Basic eDp5")),
                "{\"filter\":{\"fromDateTime\":\"2026-05-04T00:00:00Z\",\"toDateTime\":\"2026-05-05T00:00:00Z\"}}",
                404, Map.of("content-type", List.of("application/json")), "{\"requestId\":\"r\",\"errors\":[\"No calls found\"]}");
        assertThat(gongSpec.violations(cursorInQuery)).anySatisfy(violation -> assertThat(violation).contains("cursor"));
    }

    @Test
    void catchesAnAnswerThatDriftedFromGongsSchema() {
        RecordedExchange drifted = new RecordedExchange("GET", GongClient.CALLS_PATH,
                Map.of("fromDateTime", List.of("2026-05-04T00:00:00Z"), "toDateTime", List.of("2026-05-05T00:00:00Z")),
                Map.of("authorization", List.of("Basic eDp5")), "", 200,
                Map.of("content-type", List.of("application/json")),
                "{\"requestId\":\"r\",\"records\":{\"totalRecords\":1,\"currentPageSize\":1,\"currentPageNumber\":0},"
                        + "\"calls\":[{\"id\":\"1\",\"duration\":\"60\"}]}");
        assertThat(gongSpec.violations(drifted)).anySatisfy(violation -> assertThat(violation).contains("duration"));
    }
}
