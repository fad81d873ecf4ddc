package com.callimport.events;

import static com.callimport.testfixtures.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connector.testkit.ManualClock;
import com.callimport.organizations.OrganizationId;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.Await;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Events older than the retention are forgotten with their delivery log once no endpoint waits for them; one that an
 * endpoint still waits for is kept however old, and reaches it when it is back. Days pass on an injected clock.
 */
@EngineIntegrationTest
@TestPropertySource(properties = {
        // its own database and clock: no other context's dispatcher may lease these deliveries on its own time
        "callimport.test.database=events_retention",
        "callimport.events.allow-private-addresses=true",
        "callimport.events.tick=20ms",
        "callimport.events.request-timeout=2s",
        "callimport.events.retention=30d"
})
class EventRetentionIntegrationTest {
    private static final Instant START = Instant.parse("2026-10-01T09:00:00Z");
    private static final ManualClock CLOCK = new ManualClock(START);

    @TestConfiguration
    static class DaysPassOnDemand {
        @Bean
        @Primary
        Clock movableClock() {
            return CLOCK;
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    EventOutbox outbox;
    @Autowired
    EventRetention retention;
    @Autowired
    TransactionTemplate transaction;

    ApiClient acme;
    OrganizationId acmeId;
    EventReceiver crm;
    EventReceiver warehouse;

    @BeforeEach
    void setUp() {
        CLOCK.set(START);
        JsonNode created = ApiClient.at(port, "test-bootstrap-token").post("/api/admin/organizations", json("name", "Acme")).json();
        acme = ApiClient.at(port, created.get("apiToken").asString());
        acmeId = new OrganizationId(UUID.fromString(created.get("organizationId").asString()));
        crm = EventReceiver.start();
        warehouse = EventReceiver.start();
    }

    @AfterEach
    void tearDown() {
        crm.close();
        warehouse.close();
    }

    private String register(EventReceiver receiver, List<String> eventTypes) {
        ApiClient.Reply registered = acme.post("/api/event-endpoints", json("url", receiver.url(), "eventTypes", eventTypes));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        receiver.useSecret(registered.json().get("signingSecret").asString());
        return registered.json().get("endpoint").get("id").asString();
    }

    private UUID append(EventType type) {
        return transaction.execute(status -> outbox.append(acmeId, type, UUID.randomUUID(), Map.of("note", type.typeName())));
    }

    private List<String> deliveredEventIds(String endpoint, int expected) {
        return Await.until(Duration.ofSeconds(20), () -> {
                    List<String> delivered = new ArrayList<>();
                    for (JsonNode delivery : acme.get("/api/event-endpoints/" + endpoint + "/deliveries").json()) {
                        if (delivery.get("state").asString().equals("DELIVERED")) {
                            delivered.add(delivery.get("eventId").asString());
                        }
                    }
                    return delivered;
                }, delivered -> delivered.size() == expected, expected + " deliveries to " + endpoint);
    }

    private List<String> feedEventIds() {
        List<String> ids = new ArrayList<>();
        acme.get("/api/events?limit=500").json().get("events").forEach(event -> ids.add(event.get("id").asString()));
        return ids;
    }

    @Test
    void oldEventsNoEndpointWaitsForAreForgottenAndOneAnEndpointWaitsForIsKept() {
        String crmEndpoint = register(crm, List.of());
        String warehouseEndpoint = register(warehouse, List.of("import.completed"));
        assertThat(acme.post("/api/event-endpoints/" + warehouseEndpoint + "/disable").status()).isEqualTo(200);
        UUID oldCall = append(EventType.CALL_IMPORTED);
        UUID oldImport = append(EventType.IMPORT_COMPLETED);
        deliveredEventIds(crmEndpoint, 2);

        CLOCK.advance(Duration.ofDays(31));
        UUID recentCall = append(EventType.CALL_IMPORTED);
        deliveredEventIds(crmEndpoint, 3);
        int pruned = retention.prune();

        assertThat(pruned).isEqualTo(1);
        assertThat(feedEventIds()).containsExactly(oldImport.toString(), recentCall.toString()).doesNotContain(oldCall.toString());
        assertThat(deliveredEventIds(crmEndpoint, 2)).containsExactlyInAnyOrder(oldImport.toString(), recentCall.toString());

        // the warehouse comes back and still gets the event it was waiting for, though it is older than the retention
        assertThat(acme.post("/api/event-endpoints/" + warehouseEndpoint + "/enable").status()).isEqualTo(200);
        assertThat(deliveredEventIds(warehouseEndpoint, 1)).containsExactly(oldImport.toString());
        assertThat(retention.prune()).isEqualTo(1);
        assertThat(feedEventIds()).containsExactly(recentCall.toString());
    }
}
