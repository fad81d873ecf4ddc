package com.callimport.connectors.zoomphone;

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

/**
 * The connector's requests and the simulator's answers, checked against Zoom's own Phone API document. {@code GET /users/me}
 * belongs to Zoom's Users API, which is not in that document, and is left out of the check. Zoom's document declares its
 * error statuses without a body (Zoom sends {@code {"code", "message"}}) and no 401 for most paths: error answers are
 * checked for their status and the request that caused them, without their body, and 401s only for being sent.
 */
class ZoomPhoneSpecConformanceIntegrationTest {
    private static final DateWindow WINDOW = new DateWindow(Instant.parse("2026-05-04T00:00:00Z"), Instant.parse("2026-05-05T00:00:00Z"));
    private static final ManualClock CLOCK = new ManualClock(WINDOW.to().plus(Duration.ofHours(1)));
    private static VendorSpecification zoomSpec;
    private static ZoomPhoneSimulator zoom;

    @BeforeAll
    static void load() {
        zoomSpec = VendorSpecification.load("zoom-phone/zoom-phone-api-openapi.normalized.json");
        zoom = ZoomPhoneSimulator.start(CLOCK);
    }

    @AfterAll
    static void stop() {
        zoom.close();
    }

    @Test
    void requestsAndAnswersOfAFullImportConformToZoomsSpec() throws Exception {
        zoom.reset();
        zoom.usePageSize(10);
        zoom.seed(25, WINDOW, CallMix.TYPICAL, 7);
        zoom.recordExchanges(true);
        try (CallSource source = new ZoomPhoneConnector().open(ZoomPhoneCredentialsFixture.context(zoom, new CountingPermits(), CLOCK))) {
            source.verifyAccess();
            source.countCalls(WINDOW);
            Optional<Checkpoint> position = Optional.of(Checkpoint.START);
            SourceCall recorded = null;
            while (position.isPresent()) {
                CallPage page = source.fetchPage(WINDOW, position.get());
                recorded = page.calls().stream().filter(call -> call.recording().isPresent()).findFirst().orElse(recorded);
                position = page.next();
                zoom.expireAllPageTokens();
            }
            try (RecordingContent content = source.openRecording(recorded)) {
                content.stream().readAllBytes();
            }
            source.fetchCalls(List.of(recorded.vendorCallId(), "7199999999999999999"));
            zoom.rateLimitNextRequest(Duration.ofSeconds(1));
            catchThrowable(() -> source.fetchPage(WINDOW, Checkpoint.START));
            zoom.rejectCredentials(true);
            catchThrowable(() -> source.fetchPage(WINDOW, Checkpoint.START));
        }
        List<RecordedExchange> exchanges = zoom.exchanges().stream()
                .filter(exchange -> !exchange.path().equals("/v2" + ZoomPhoneClient.CURRENT_USER_PATH)).toList();
        assertThat(exchanges).extracting(RecordedExchange::status).contains(200, 302, 400, 401, 429);
        exchanges = exchanges.stream().filter(exchange -> exchange.status() != 401).map(exchange -> exchange.status() < 400 ? exchange
                : new RecordedExchange(exchange.method(), exchange.path(), exchange.query(), exchange.requestHeaders(), exchange.requestBody(),
                        exchange.status(), Map.of(), "")).toList();
        assertThat(exchanges).anySatisfy(exchange -> assertThat(exchange.path()).startsWith("/v2/phone/recording/download/"));
        assertThat(exchanges).anySatisfy(exchange -> assertThat(exchange.path()).startsWith("/v2/phone/recording_transcript/download/"));
        assertThat(exchanges).anySatisfy(exchange -> assertThat(exchange.path()).endsWith("/recordings"));
        zoomSpec.assertConforms(exchanges);
    }

    @Test
    void theEventsTheSimulatorSendsConformToZoomsWebhookDocument() {
        VendorSpecification events = VendorSpecification.load("zoom-phone/zoom-phone-webhooks-openapi.normalized.json");
        zoom.reset();
        String callId = zoom.placeCall(Duration.ofMinutes(2), true).vendorCallId();

        assertThat(events.webhookViolations("phone.recording_completed", zoom.recordingCompleted(callId))).isEmpty();
        assertThat(events.webhookViolations("phone.recording_completed", zoom.recordingCompleted(callId).replace("\"outbound\"", "7")))
                .as("a direction Zoom's schema does not allow").isNotEmpty();
    }

    @Test
    void catchesAPageSizeAboveZoomsMaximum() {
        RecordedExchange tooLarge = new RecordedExchange("GET", "/v2/phone/call_history",
                Map.of("page_size", List.of("1000"), "from", List.of("2026-05-01"), "to", List.of("2026-05-02")),
                Map.of("authorization", List.of("Bearer x")), "", 200,
                Map.of("content-type", List.of("application/json")), "{\"call_history\":[],\"next_page_token\":\"\"}");
        assertThat(zoomSpec.violations(tooLarge)).anySatisfy(violation -> assertThat(violation).contains("page_size"));
    }
}
