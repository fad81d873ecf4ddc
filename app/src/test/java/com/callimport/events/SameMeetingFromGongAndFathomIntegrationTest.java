package com.callimport.events;

import static com.callimport.testfixtures.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connector.testkit.ScriptedMeeting;
import com.callimport.connector.testkit.ScriptedMeeting.Attendee;
import com.callimport.connectors.fathom.FathomCredentialsFixture;
import com.callimport.connectors.fathom.FathomSimulator;
import com.callimport.connectors.gong.GongCredentialsFixture;
import com.callimport.connectors.gong.GongSimulator;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.Await;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * An organization that records its meetings with both Gong and Fathom imports from both, through the real connectors
 * against their simulators: the meeting both recorded reaches its consumer as one {@code call.imported}, the call that
 * arrived second is linked to the first with the link visible on both, and meetings only one of them recorded arrive
 * as their own calls.
 */
@EngineIntegrationTest
@TestPropertySource(properties = {
        // its own database: other test contexts refuse loopback endpoints and must not lease these deliveries
        "callimport.test.database=events_two_sources",
        "callimport.events.allow-private-addresses=true",
        "callimport.events.tick=20ms",
        "callimport.events.request-timeout=2s",
        "callimport.rate-budgets=false"
})
class SameMeetingFromGongAndFathomIntegrationTest {
    private static final DateWindow WINDOW = new DateWindow(Instant.parse("2026-03-02T00:00:00Z"), Instant.parse("2026-03-03T00:00:00Z"));
    private static final GongSimulator GONG = GongSimulator.start();
    private static final FathomSimulator FATHOM = FathomSimulator.start();
    private static final ScriptedMeeting PRICING_REVIEW = new ScriptedMeeting("Acme <> Globex: pricing review",
            Instant.parse("2026-03-02T10:00:00Z"), Duration.ofMinutes(32), List.of(
            new Attendee("Ann Lee", "ann@acme.example", true),
            new Attendee("Raj Patel", "raj@globex.example", false)));

    @DynamicPropertySource
    static void platforms(DynamicPropertyRegistry registry) {
        registry.add("callimport.platforms.gong.base-url", () -> GONG.baseUrl().toString());
        registry.add("callimport.platforms.fathom.base-url", () -> FATHOM.baseUrl().toString());
    }

    @AfterAll
    static void stop() {
        GONG.close();
        FATHOM.close();
    }

    @LocalServerPort
    int port;

    ApiClient acme;
    EventReceiver consumer;

    @BeforeEach
    void setUp() {
        GONG.reset();
        FATHOM.reset();
        acme = ApiClient.at(port, "test-bootstrap-token").newOrganization("Acme");
        consumer = EventReceiver.start();
        ApiClient.Reply registered = acme.post("/api/event-endpoints", json("url", consumer.url(), "description", "CRM automation"));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        consumer.useSecret(registered.json().get("signingSecret").asString());
    }

    @AfterEach
    void tearDown() {
        consumer.close();
    }

    @Test
    void theMeetingBothRecordedIsAnnouncedOnceAndLinkedOnBothCalls() {
        GONG.seed(0, WINDOW, 1);
        String gongMeeting = GONG.addMeeting(PRICING_REVIEW).vendorCallId();
        GONG.addMeeting(new ScriptedMeeting("Board prep", Instant.parse("2026-03-02T14:00:00Z"), Duration.ofMinutes(45), List.of(
                new Attendee("Ann Lee", "ann@acme.example", true), new Attendee("Bo Chen", "bo@acme.example", true))));
        FATHOM.seed(0, WINDOW, CallMix.TYPICAL, 1);
        String fathomMeeting = FATHOM.addMeeting(PRICING_REVIEW).vendorCallId();
        FATHOM.addMeeting(new ScriptedMeeting("Hiring sync", Instant.parse("2026-03-02T16:00:00Z"), Duration.ofMinutes(20), List.of(
                new Attendee("Cy Diaz", "cy@acme.example", true), new Attendee("Dee Ito", "dee@acme.example", true))));

        assertThat(importFrom("gong", GongCredentialsFixture.acceptedValues()).at("/counts/imported").asLong()).isEqualTo(2);
        assertThat(importFrom("fathom", FathomCredentialsFixture.acceptedValues()).at("/counts/imported").asLong()).isEqualTo(2);

        String fromGong = callId("gong", gongMeeting);
        String fromFathom = callId("fathom", fathomMeeting);
        // positions are given in commit order, so once both runs' import.completed are in the feed, so is every event before them
        List<JsonNode> feed = Await.until(Duration.ofSeconds(20), this::feed,
                events -> events.stream().filter(event -> event.get("type").asString().equals("import.completed")).count() == 2,
                "both runs' import.completed in the feed");
        List<EventReceiver.Received> received = Await.until(Duration.ofSeconds(60), consumer::received,
                deliveries -> deliveries.size() >= feed.size(), feed.size() + " deliveries, as many as the feed holds");

        assertThat(received).allSatisfy(delivery -> assertThat(delivery.verified()).isTrue());
        List<String> announced = received.stream().filter(delivery -> delivery.type().equals("call.imported"))
                .map(EventReceiver.Received::callId).toList();
        assertThat(announced).hasSize(3).doesNotHaveDuplicates().contains(fromGong).doesNotContain(fromFathom);
        assertThat(received).filteredOn(delivery -> delivery.type().equals("call.updated")).singleElement().satisfies(update -> {
            assertThat(update.callId()).isEqualTo(fromGong);
            assertThat(update.payload().at("/data/change").asString()).isEqualTo("sameConversation");
            assertThat(update.payload().at("/data/call/sameConversation/0/callId").asString()).isEqualTo(fromFathom);
        });

        JsonNode onGong = acme.get("/api/calls/" + fromGong + "/same-conversation").json();
        JsonNode onFathom = acme.get("/api/calls/" + fromFathom + "/same-conversation").json();
        assertThat(onGong).isEqualTo(onFathom).hasSize(1);
        assertThat(onGong.at("/0/primaryCallId").asString()).isEqualTo(fromGong);
        assertThat(onGong.at("/0/evidence/sharedParticipants").toString()).contains("ann@acme.example", "raj@globex.example");
        assertThat(onGong.at("/0/evidence/titleSimilarity").asDouble()).isEqualTo(1.0);
    }

    /** Connects the platform and imports the window from it; the run once it ended. */
    private JsonNode importFrom(String platform, Map<String, String> credentials) {
        ApiClient.Reply connected = acme.post("/api/connections", json("platform", platform, "credentials", credentials, "settings", Map.of()));
        assertThat(connected.status()).as(connected.body()).isEqualTo(201);
        ApiClient.Reply run = acme.post("/api/import-runs", json("connectionId", connected.text("id"),
                "from", WINDOW.from().toString(), "to", WINDOW.to().toString()));
        assertThat(run.status()).as(run.body()).isEqualTo(201);
        String runId = run.text("id");
        JsonNode ended = Await.until(Duration.ofSeconds(60), () -> acme.get("/api/import-runs/" + runId).json(),
                status -> Set.of("SUCCEEDED", "FAILED", "PAUSED", "CANCELLED").contains(status.get("state").asString()),
                "the " + platform + " import to end");
        assertThat(ended.get("state").asString()).as(ended.toString()).isEqualTo("SUCCEEDED");
        return ended;
    }

    private String callId(String platform, String vendorCallId) {
        return acme.get("/api/calls?platform=" + platform + "&limit=500").json().valueStream()
                .filter(call -> call.get("vendorCallId").asString().equals(vendorCallId)).findFirst().orElseThrow()
                .get("id").asString();
    }

    /** Every event of the organization, from the feed, oldest first. */
    private List<JsonNode> feed() {
        List<JsonNode> events = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = acme.get("/api/events?after=" + after + "&limit=500").json();
            page.get("events").forEach(events::add);
            if (page.get("events").isEmpty()) {
                return events;
            }
            after = page.get("next").asLong();
        }
    }
}
