package com.callimport.events;

import static com.callimport.testfixtures.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callimport.calls.CallStore;
import com.callimport.connector.DateWindow;
import com.callimport.connector.TranscriptSegment;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connectors.gong.GongCredentialsFixture;
import com.callimport.connectors.gong.GongSimulator;
import com.callimport.emails.CustomerEmails;
import com.callimport.imports.ImportRun;
import com.callimport.imports.ImportRunState;
import com.callimport.imports.ImportRuns;
import com.callimport.organizations.OrganizationId;
import com.callimport.people.People;
import com.callimport.people.Role;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.Await;
import com.callimport.testfixtures.EngineIntegrationTest;
import com.standardwebhooks.Webhook;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Events reach a consumer on loopback as a customer's would: signed so that the Standard Webhooks library verifies them,
 * every one of them after the consumer was down for a whole import, in order per call; a forged, altered or replayed
 * delivery is caught by the library's own verification.
 */
@EngineIntegrationTest
// its own database: other test contexts refuse loopback endpoints and must not lease these deliveries
@TestPropertySource(properties = {
        "callimport.test.database=events",
        "callimport.events.allow-private-addresses=true",
        "callimport.events.tick=20ms",
        "callimport.events.request-timeout=2s"
})
class EventDeliveryIntegrationTest {
    private static final DateWindow WINDOW = new DateWindow(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-03T00:00:00Z"));
    private static final GongSimulator GONG = GongSimulator.start();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("callimport.platforms.gong.base-url", () -> GONG.baseUrl().toString());
        // quick retries, spanning two minutes, so that an outage of some seconds is ridden out
        registry.add("callimport.events.retry-schedule", () -> String.join(",",
                IntStream.range(0, 124).mapToObj(attempt -> attempt < 4 ? (50 << attempt) + "ms" : "1s").toList()));
    }

    @AfterAll
    static void stop() {
        GONG.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    CallStore calls;
    @Autowired
    ImportRuns runs;
    @Autowired
    People people;
    @Autowired
    CustomerEmails emails;

    ApiClient admin;
    ApiClient acme;
    OrganizationId acmeId;
    EventReceiver consumer;

    @BeforeEach
    void setUp() {
        GONG.reset();
        admin = ApiClient.at(port, "test-bootstrap-token");
        JsonNode created = admin.post("/api/admin/organizations", json("name", "Acme")).json();
        acme = admin.withToken(created.get("apiToken").asString());
        acmeId = new OrganizationId(UUID.fromString(created.get("organizationId").asString()));
        consumer = EventReceiver.start();
    }

    @AfterEach
    void tearDown() {
        consumer.close();
    }

    private String register(EventReceiver receiver) {
        ApiClient.Reply registered = acme.post("/api/event-endpoints", json("url", receiver.url(), "description", "CRM automation"));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        receiver.useSecret(registered.json().get("signingSecret").asString());
        return registered.json().get("endpoint").get("id").asString();
    }

    private String connect() {
        ApiClient.Reply created = acme.post("/api/connections", json("platform", "gong",
                "credentials", GongCredentialsFixture.acceptedValues(), "settings", Map.of()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("id");
    }

    private JsonNode importWindow(String connection) {
        ApiClient.Reply run = acme.post("/api/import-runs", json("connectionId", connection,
                "from", WINDOW.from().toString(), "to", WINDOW.to().toString()));
        assertThat(run.status()).as(run.body()).isEqualTo(201);
        String runId = run.text("id");
        return Await.until(Duration.ofSeconds(60), () -> acme.get("/api/import-runs/" + runId).json(),
                status -> Set.of("SUCCEEDED", "FAILED", "PAUSED", "CANCELLED").contains(status.get("state").asString()),
                "run " + runId + " to end");
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

    private List<EventReceiver.Received> awaitDeliveries(EventReceiver receiver, int count) {
        return Await.until(Duration.ofSeconds(60), receiver::received, received -> received.size() >= count,
                count + " deliveries");
    }

    private void transcribe(String callId) {
        calls.storeTranscription(UUID.fromString(callId), List.of(new TranscriptSegment("s1", 0, 1_000, "Hello from our own transcription")));
    }

    private void endRun(ImportRun.Kind kind, ImportRunState outcome) {
        ImportRun run = runs.create(acmeId, UUID.fromString(connect()), kind, WINDOW, List.of(WINDOW), OptionalLong.empty());
        runs.transition(run.id(), ImportRunState.RUNNING, null);
        runs.transition(run.id(), outcome, "the vendor refused the credentials; enter new ones");
    }

    @Test
    void aConsumerReceivesEveryEventTypeSignedSoThatTheStandardWebhooksLibraryVerifiesIt() {
        GONG.seed(12, WINDOW, CallMix.TYPICAL, 3);
        register(consumer);

        JsonNode run = importWindow(connect());
        long imported = run.get("counts").get("imported").asLong();
        String someCall = acme.get("/api/calls?limit=1").json().get(0).get("id").asString();
        transcribe(someCall);
        endRun(ImportRun.Kind.BACKFILL, ImportRunState.FAILED);
        endRun(ImportRun.Kind.SYNC, ImportRunState.FAILED);

        List<EventReceiver.Received> received = awaitDeliveries(consumer, (int) imported + 4);
        assertThat(run.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(imported).isPositive();
        assertThat(received).allSatisfy(delivery -> assertThat(delivery.verified()).as(delivery.body()).isTrue());
        Map<String, Long> byType = received.stream().collect(Collectors.groupingBy(EventReceiver.Received::type, Collectors.counting()));
        assertThat(byType).containsEntry("call.imported", imported).containsEntry("call.updated", 1L)
                .containsEntry("import.completed", 1L).containsEntry("import.failed", 1L).containsEntry("sync.failing", 1L);
        JsonNode updated = received.stream().filter(delivery -> delivery.type().equals("call.updated")).findFirst().orElseThrow().payload();
        assertThat(updated.get("data").get("change").asString()).isEqualTo("transcript");
        assertThat(updated.get("data").get("call").get("transcript").get("status").asString()).isEqualTo("TRANSCRIBED");
        JsonNode call = received.stream().filter(delivery -> delivery.type().equals("call.imported")).findFirst().orElseThrow()
                .payload().get("data").get("call");
        assertThat(call.get("schemaVersion").asString()).isEqualTo("1");
        assertThat(call.get("source").get("platform").asString()).isEqualTo("gong");
        assertThat(call.get("participants").isArray()).isTrue();
        // the feed holds the same events, with the ids the deliveries carried
        assertThat(feed().stream().map(event -> "evt_" + event.get("id").asString()).collect(Collectors.toSet()))
                .isEqualTo(received.stream().map(EventReceiver.Received::webhookId).collect(Collectors.toSet()));
    }

    @Test
    void aConsumerDownForAWholeImportGetsEveryEventOnceItIsBackInOrderPerCall() {
        GONG.seed(40, WINDOW, CallMix.TYPICAL, 5);
        String endpoint = register(consumer);
        consumer.down();

        JsonNode run = importWindow(connect());
        List<String> callIds = new ArrayList<>();
        acme.get("/api/calls?limit=500").json().forEach(call -> callIds.add(call.get("id").asString()));
        callIds.stream().limit(10).forEach(this::transcribe);
        // an event reaches the feed once the dispatcher has given it its position, a moment after it commits
        List<JsonNode> events = Await.until(Duration.ofSeconds(30), this::feed, all -> all.size() == callIds.size() + 1 + 10,
                "every event of the import and the transcripts in the feed");
        JsonNode log = Await.until(Duration.ofSeconds(30), () -> acme.get("/api/event-endpoints/" + endpoint + "/deliveries?limit=500").json(),
                deliveries -> deliveries.size() == events.size() && deliveries.valueStream().anyMatch(delivery -> delivery.get("attempts").asInt() > 1),
                "failed attempts in the log");
        consumer.up();

        List<EventReceiver.Received> received = awaitDeliveries(consumer, events.size());
        assertThat(run.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(events).hasSize(callIds.size() + 1 + 10);
        assertThat(log).allSatisfy(delivery -> assertThat(delivery.get("state").asString()).isEqualTo("PENDING"));
        assertThat(received).allSatisfy(delivery -> assertThat(delivery.verified()).isTrue());
        // each event once, none missing
        assertThat(received.stream().map(EventReceiver.Received::webhookId).toList())
                .containsExactlyInAnyOrderElementsOf(events.stream().map(event -> "evt_" + event.get("id").asString()).toList());
        // per call: imported, then updated, in the order they happened
        Map<String, List<String>> perCall = new LinkedHashMap<>();
        received.stream().filter(delivery -> delivery.callId() != null)
                .forEach(delivery -> perCall.computeIfAbsent(delivery.callId(), id -> new ArrayList<>()).add(delivery.type()));
        assertThat(perCall).hasSize(callIds.size());
        callIds.stream().limit(10).forEach(id -> assertThat(perCall.get(id)).containsExactly("call.imported", "call.updated"));
        callIds.stream().skip(10).forEach(id -> assertThat(perCall.get(id)).containsExactly("call.imported"));
        Await.until(Duration.ofSeconds(10), () -> acme.get("/api/event-endpoints/" + endpoint + "/deliveries?state=DELIVERED&limit=500").json(),
                delivered -> delivered.size() == events.size(), "every delivery logged as delivered");
        assertThat(acme.get("/api/event-endpoints/" + endpoint).json().hasNonNull("failingSince")).isFalse();
    }

    @Test
    void aForgedAlteredOrReplayedDeliveryFailsTheConsumersVerification() throws Exception {
        GONG.seed(3, WINDOW, CallMix.TYPICAL, 9);
        String endpoint = register(consumer);
        importWindow(connect());
        EventReceiver.Received genuine = awaitDeliveries(consumer, 1).getFirst();
        Map<String, List<String>> headers = new HashMap<>(Map.of("webhook-id", List.of(genuine.webhookId()),
                "webhook-timestamp", List.of(genuine.timestamp()), "webhook-signature", List.of(genuine.signature())));

        consumer.verify(genuine.body(), headers);
        // altered on the way
        assertThatThrownBy(() -> consumer.verify(genuine.body().replaceFirst("\"type\": \"[a-z.]+\"", "\"type\": \"call.deleted\""), headers))
                .hasMessageContaining("signature");
        // signed by someone without the endpoint's secret
        String forger = "whsec_" + java.util.Base64.getEncoder().encodeToString("not the endpoint's secret at all!".getBytes());
        Map<String, List<String>> forged = new HashMap<>(headers);
        forged.put("webhook-signature", List.of(new Webhook(forger).sign(genuine.webhookId(), Long.parseLong(genuine.timestamp()), genuine.body())));
        assertThatThrownBy(() -> consumer.verify(genuine.body(), forged)).hasMessageContaining("signature");
        // the same delivery captured and sent again ten minutes later: its signed timestamp is too old
        long captured = Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond();
        Map<String, List<String>> replayed = new HashMap<>(headers);
        replayed.put("webhook-timestamp", List.of(Long.toString(captured)));
        assertThatThrownBy(() -> consumer.verify(genuine.body(), replayed)).hasMessageContaining("timestamp");

        // a replay we make on request is signed afresh but keeps its webhook-id, by which the consumer knows it has it
        String firstId = null;
        for (JsonNode each : acme.get("/api/event-endpoints/" + endpoint + "/deliveries?limit=500").json()) {
            if (("evt_" + each.get("eventId").asString()).equals(genuine.webhookId())) {
                firstId = each.get("id").asString();
            }
        }
        int before = consumer.received().size();
        ApiClient.Reply replay = acme.post("/api/event-endpoints/" + endpoint + "/deliveries/" + firstId + "/replay");
        assertThat(replay.status()).as(replay.body()).isEqualTo(200);
        EventReceiver.Received again = awaitDeliveries(consumer, before + 1).getLast();
        assertThat(again.webhookId()).isEqualTo(genuine.webhookId());
        assertThat(again.verified()).isTrue();
        assertThat(acme.get("/api/event-endpoints/" + endpoint + "/deliveries/" + firstId + "/attempts").json()).hasSize(2);
    }

    @Test
    void anEndpointThatSaysGoneIsDisabledItsAdminsAreToldAndItsEventsWait() {
        people.add(acmeId, "ops-" + UUID.randomUUID() + "@acme.example", "a long enough password", Role.ADMIN);
        String endpoint = register(consumer);
        consumer.answer(410);
        GONG.seed(2, WINDOW, CallMix.TYPICAL, 11);
        importWindow(connect());

        JsonNode disabled = Await.until(Duration.ofSeconds(30), () -> acme.get("/api/event-endpoints/" + endpoint).json(),
                state -> !state.get("enabled").asBoolean(), "the endpoint to be disabled");
        assertThat(disabled.get("disabledReason").asString()).contains("410");
        assertThat(emails.outbox(acmeId, 10)).anySatisfy(email -> {
            assertThat(email.subject()).contains("endpoint was disabled");
            assertThat(email.text()).contains(consumer.url());
        });

        consumer.answer(204);
        int events = feed().size();
        assertThat(acme.post("/api/event-endpoints/" + endpoint + "/enable").status()).isEqualTo(200);
        // the delivery that met the 410 waits behind its retry, the rest go at once
        assertThat(awaitDeliveries(consumer, events)).hasSize(events);
    }

    @Test
    void anotherOrganizationCannotSeeOrReplayTheEndpoint() {
        String endpoint = register(consumer);
        ApiClient other = admin.newOrganization("Other");

        assertThat(other.get("/api/event-endpoints/" + endpoint).status()).isEqualTo(404);
        assertThat(other.get("/api/event-endpoints/" + endpoint + "/deliveries").status()).isEqualTo(404);
        assertThat(other.post("/api/event-endpoints/" + endpoint + "/replay?since=2026-01-01T00:00:00Z").status()).isEqualTo(404);
        assertThat(other.get("/api/event-endpoints").json()).isEmpty();
        assertThat(other.get("/api/events").json().get("events")).isEmpty();
    }

    @Test
    void badInputIsAFourHundredThatSaysWhatToFix() {
        ApiClient.Reply noUrl = acme.post("/api/event-endpoints", json("description", "x"));
        ApiClient.Reply badType = acme.post("/api/event-endpoints", json("url", consumer.url(), "eventTypes", List.of("call.deleted")));
        ApiClient.Reply badCursor = acme.get("/api/events?after=-1");

        assertThat(noUrl.status()).isEqualTo(400);
        assertThat(noUrl.json().get("detail").asString()).contains("url");
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.json().get("detail").asString()).contains("call.imported");
        assertThat(badCursor.status()).isEqualTo(400);
    }

    @Test
    void theCallSchemaIsServedBesideTheOpenApiDocument() {
        ApiClient.Reply schema = ApiClient.at(port, null).get("/v3/api-docs/schemas/call-v1.json");

        assertThat(schema.status()).isEqualTo(200);
        assertThat(schema.json().get("title").asString()).contains("Call");
        assertThat(schema.json().get("required").toString()).contains("participants", "transcript", "recording", "unknown");
        JsonNode document = ApiClient.at(port, null).get("/v3/api-docs").json();
        assertThat(document.at("/components/schemas/CallV1/properties/participants/items/properties/affiliation").toString())
                .contains("INTERNAL", "EXTERNAL", "UNKNOWN");
    }
}
