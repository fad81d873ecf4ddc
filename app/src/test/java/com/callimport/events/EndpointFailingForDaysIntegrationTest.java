package com.callimport.events;

import static com.callimport.testfixtures.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connector.testkit.ManualClock;
import com.callimport.organizations.OrganizationId;
import com.callimport.people.People;
import com.callimport.people.Role;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.Await;
import com.callimport.testfixtures.EngineIntegrationTest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * An endpoint that answers nothing but errors is given {@code disable-after} (five days) of retries; once its failures
 * span that long it is disabled and every admin of the organization gets an email saying which endpoint and why. Days
 * pass on an injected clock: nothing here waits for them.
 */
@EngineIntegrationTest
@TestPropertySource(properties = {
        // its own database and clock: no other context's dispatcher may lease these deliveries on its own time
        "callimport.test.database=events_disabling",
        "callimport.events.allow-private-addresses=true",
        "callimport.events.tick=20ms",
        "callimport.events.request-timeout=2s",
        "callimport.events.retry-schedule=3d,3d,3d",
        "callimport.events.disable-after=5d"
})
class EndpointFailingForDaysIntegrationTest {
    private static final Instant MONDAY = Instant.parse("2026-11-16T09:00:00Z");
    private static final ManualClock CLOCK = new ManualClock(MONDAY);
    private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

    static {
        SMTP.start();
    }

    @TestConfiguration
    static class DaysPassOnDemand {
        @Bean
        @Primary
        Clock movableClock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    }

    @AfterAll
    static void stop() {
        SMTP.stop();
    }

    @LocalServerPort
    int port;
    @Autowired
    EventOutbox outbox;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    People people;

    ApiClient acme;
    OrganizationId acmeId;
    EventReceiver consumer;
    String admin;
    String member;

    @BeforeEach
    void anOrganizationWithAnAdminAMemberAndAFailingEndpoint() throws Exception {
        CLOCK.set(MONDAY);
        SMTP.purgeEmailFromAllMailboxes();
        JsonNode created = ApiClient.at(port, "test-bootstrap-token").post("/api/admin/organizations", json("name", "Acme")).json();
        acme = ApiClient.at(port, created.get("apiToken").asString());
        acmeId = new OrganizationId(UUID.fromString(created.get("organizationId").asString()));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        admin = "ops-" + suffix + "@acme.example";
        member = "rep-" + suffix + "@acme.example";
        people.add(acmeId, admin, "a long enough password", Role.ADMIN);
        people.add(acmeId, member, "a long enough password", Role.MEMBER);
        consumer = EventReceiver.start();
        consumer.answer(503);
    }

    @AfterEach
    void tearDown() {
        consumer.close();
    }

    private String register() {
        ApiClient.Reply registered = acme.post("/api/event-endpoints", json("url", consumer.url(), "description", "CRM automation"));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        return registered.json().get("endpoint").get("id").asString();
    }

    private void anEventHappens() {
        transaction.executeWithoutResult(status -> outbox.append(acmeId, EventType.CALL_IMPORTED, UUID.randomUUID(), Map.of("note", "a call")));
    }

    private JsonNode afterAttempts(String endpoint, int attempts) {
        Await.until(Duration.ofSeconds(20), () -> acme.get("/api/event-endpoints/" + endpoint + "/deliveries").json(),
                deliveries -> deliveries.size() == 1 && deliveries.get(0).get("attempts").asInt() == attempts,
                attempts + " attempts of the delivery");
        return acme.get("/api/event-endpoints/" + endpoint).json();
    }

    @Test
    void anEndpointFailingLongerThanDisableAfterIsDisabledAndItsAdminsAreEmailed() throws Exception {
        String endpoint = register();
        anEventHappens();

        JsonNode failing = afterAttempts(endpoint, 1);
        assertThat(failing.get("enabled").asBoolean()).isTrue();
        assertThat(Instant.parse(failing.get("failingSince").asString())).isEqualTo(MONDAY);

        CLOCK.advance(Duration.ofDays(3));
        JsonNode threeDaysIn = afterAttempts(endpoint, 2);
        assertThat(threeDaysIn.get("enabled").asBoolean()).as("three days of failure are less than disable-after").isTrue();
        assertThat(SMTP.getReceivedMessages()).isEmpty();

        CLOCK.advance(Duration.ofDays(3));
        JsonNode sixDaysIn = afterAttempts(endpoint, 3);
        assertThat(sixDaysIn.get("enabled").asBoolean()).isFalse();
        assertThat(sixDaysIn.get("disabledReason").asString()).contains("failed since " + MONDAY).contains("503");

        assertThat(SMTP.waitForIncomingEmail(10_000, 1)).as("the admin was emailed").isTrue();
        List<MimeMessage> received = List.of(SMTP.getReceivedMessages());
        List<String> recipients = received.stream().flatMap(email -> recipients(email).stream()).toList();
        assertThat(recipients).contains(admin).doesNotContain(member).doesNotHaveDuplicates();
        assertThat(received).allSatisfy(email -> {
            assertThat(email.getSubject()).contains("endpoint was disabled");
            assertThat(GreenMailUtil.getBody(email)).contains(consumer.url());
        });
    }

    private static List<String> recipients(MimeMessage email) {
        try {
            return Arrays.stream(email.getAllRecipients()).map(Object::toString).toList();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSuccessInBetweenStartsTheCountAgain() {
        String endpoint = register();
        anEventHappens();
        afterAttempts(endpoint, 1);

        CLOCK.advance(Duration.ofDays(3));
        consumer.answer(204);
        afterAttempts(endpoint, 2);
        assertThat(acme.get("/api/event-endpoints/" + endpoint).json().hasNonNull("failingSince")).isFalse();

        consumer.answer(503);
        CLOCK.advance(Duration.ofDays(3));
        anEventHappens();
        Await.until(Duration.ofSeconds(20), () -> acme.get("/api/event-endpoints/" + endpoint).json(),
                state -> state.hasNonNull("failingSince"), "the second event's failure");
        JsonNode state = acme.get("/api/event-endpoints/" + endpoint).json();
        assertThat(state.get("enabled").asBoolean()).as("six days since the first failure, but a success came between").isTrue();
        assertThat(Instant.parse(state.get("failingSince").asString())).isEqualTo(MONDAY.plus(Duration.ofDays(6)));
    }
}
