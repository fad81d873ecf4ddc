package com.callimport.sameconversation;

import static com.callimport.testfixtures.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.calls.CallStore;
import com.callimport.connections.Connections;
import com.callimport.connector.Affiliation;
import com.callimport.connector.CallDirection;
import com.callimport.connector.SourceCall;
import com.callimport.connector.SourceParticipant;
import com.callimport.connector.TranscriptSegment;
import com.callimport.connectors.fathom.FathomCredentialsFixture;
import com.callimport.connectors.gong.GongCredentialsFixture;
import com.callimport.imports.CallIntake;
import com.callimport.organizations.OrganizationId;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.Await;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * One meeting recorded by Gong and by Fathom reaches the product once: the call that arrives second is linked to the first,
 * with the evidence, visible on both, announced as an update of the first, and separated again on request.
 */
@EngineIntegrationTest
@TestPropertySource(properties = {"callimport.test.database=sameconversation", "callimport.events.tick=20ms"})
class SameConversationIntegrationTest {
    private static final Instant TEN = Instant.parse("2026-03-02T10:00:00Z");

    @LocalServerPort
    int port;
    @Autowired
    CallIntake intake;
    @Autowired
    CallStore calls;
    @Autowired
    Connections connections;
    @Autowired
    TransactionTemplate transaction;

    ApiClient acme;
    OrganizationId acmeId;
    UUID gong;
    UUID fathom;

    @BeforeEach
    void setUp() {
        JsonNode created = ApiClient.at(port, "test-bootstrap-token").post("/api/admin/organizations", json("name", "Acme")).json();
        acme = ApiClient.at(port, created.get("apiToken").asString());
        acmeId = new OrganizationId(UUID.fromString(created.get("organizationId").asString()));
        gong = connections.create(acmeId, new Connections.NewConnection("gong", null, GongCredentialsFixture.acceptedValues(), Map.of())).id();
        fathom = connections.create(acmeId, new Connections.NewConnection("fathom", null, FathomCredentialsFixture.acceptedValues(), Map.of())).id();
    }

    private static SourceCall meeting(String id, String title, Instant start, Duration length, SourceParticipant... people) {
        return new SourceCall(id, title, start, length, CallDirection.CONFERENCE, List.of(people),
                List.of(new TranscriptSegment("1", 0, 4_000, "Shall we go through the pricing?")), Optional.empty(), "{}");
    }

    private static SourceParticipant person(String name, String email, Affiliation affiliation) {
        return new SourceParticipant(name, email, null, affiliation, "1");
    }

    /** Writes a call the way an import's page does, in one transaction. */
    private UUID write(UUID connection, String platform, SourceCall call) {
        transaction.executeWithoutResult(status -> intake.write(new CallIntake.Prepared(Map.of(call, calls.fingerprint(call)), Map.of(),
                Map.of(), List.of(), false), acmeId, connection, platform, null));
        return UUID.fromString(acme.get("/api/calls?platform=" + platform + "&limit=500").json().valueStream()
                .filter(stored -> stored.get("vendorCallId").asString().equals(call.vendorCallId())).findFirst().orElseThrow()
                .get("id").asString());
    }

    private List<JsonNode> feedOnceSettled(int count) {
        return Await.until(Duration.ofSeconds(20), () -> {
            List<JsonNode> events = new ArrayList<>();
            acme.get("/api/events?limit=500").json().get("events").forEach(events::add);
            return events;
        }, events -> events.size() >= count, count + " events in the feed");
    }

    private static List<JsonNode> ofType(List<JsonNode> events, String type) {
        return events.stream().filter(event -> event.get("type").asString().equals(type)).toList();
    }

    @Test
    void theSameMeetingFromGongAndFathomIsAnnouncedOnceAndLinkedWithItsEvidence() {
        UUID fromGong = write(gong, "gong", meeting("7782342274025937895", "Acme <> Globex: pricing review", TEN, Duration.ofMinutes(32),
                person("Ann Lee", "ann@acme.example", Affiliation.INTERNAL), person("Raj Patel", "raj@globex.example", Affiliation.EXTERNAL)));
        UUID fromFathom = write(fathom, "fathom", meeting("118823", "Pricing review - Acme <> Globex", TEN.plusSeconds(45),
                Duration.ofMinutes(30), person("Ann Lee", "ANN@acme.example", Affiliation.INTERNAL)));

        List<JsonNode> events = feedOnceSettled(2);

        assertThat(ofType(events, "call.imported")).singleElement()
                .satisfies(event -> assertThat(event.at("/payload/data/call/id").asString()).isEqualTo(fromGong.toString()));
        JsonNode update = ofType(events, "call.updated").getFirst();
        assertThat(update.at("/payload/data/change").asString()).isEqualTo("sameConversation");
        assertThat(update.at("/payload/data/call/sameConversation/0/callId").asString()).isEqualTo(fromFathom.toString());
        assertThat(update.at("/payload/data/call/sameConversation/0/role").asString()).isEqualTo("LINKED");
        JsonNode onFathom = acme.get("/api/calls/" + fromFathom + "/same-conversation").json();
        JsonNode onGong = acme.get("/api/calls/" + fromGong + "/same-conversation").json();
        assertThat(onFathom).isEqualTo(onGong).hasSize(1);
        assertThat(onFathom.get(0).get("primaryCallId").asString()).isEqualTo(fromGong.toString());
        assertThat(onFathom.at("/0/evidence/sharedParticipants").toString()).contains("ann@acme.example");
        assertThat(onFathom.at("/0/evidence/titleSimilarity").asDouble()).isEqualTo(1.0);
        assertThat(onFathom.at("/0/evidence/startsApartSeconds").asLong()).isEqualTo(45);
    }

    @Test
    void aChangeToTheLinkedCallIsAnnouncedOnItsPrimary() {
        SourceCall fathomCall = meeting("2001", "QBR", TEN, Duration.ofMinutes(60), person("Ann Lee", "ann@acme.example", Affiliation.INTERNAL));
        UUID fromGong = write(gong, "gong", meeting("1001", "Quarterly business review", TEN, Duration.ofMinutes(60),
                person("Ann Lee", "ann@acme.example", Affiliation.INTERNAL)));
        write(fathom, "fathom", fathomCall);

        write(fathom, "fathom", new SourceCall(fathomCall.vendorCallId(), "QBR (renamed)", fathomCall.startedAt(), fathomCall.duration(),
                fathomCall.direction(), fathomCall.participants(), fathomCall.transcript(), Optional.empty(), "{}"));

        List<JsonNode> events = feedOnceSettled(3);
        assertThat(ofType(events, "call.imported")).hasSize(1);
        assertThat(ofType(events, "call.updated")).hasSize(2).allSatisfy(event ->
                assertThat(event.at("/payload/data/call/id").asString()).isEqualTo(fromGong.toString()));
        assertThat(ofType(events, "call.updated").getLast().at("/payload/data/change").asString()).isEqualTo("sameConversation.content");
    }

    @Test
    void undoingALinkAnnouncesTheLinkedCallOnItsOwnAndNeverLinksThePairAgain() {
        UUID fromGong = write(gong, "gong", meeting("3001", "Demo", TEN, Duration.ofMinutes(20), person("Ann", "ann@acme.example", Affiliation.INTERNAL)));
        SourceCall fathomCall = meeting("4001", "Demo", TEN, Duration.ofMinutes(20), person("Ann", "ann@acme.example", Affiliation.INTERNAL));
        UUID fromFathom = write(fathom, "fathom", fathomCall);
        String linkId = acme.get("/api/calls/" + fromFathom + "/same-conversation").json().get(0).get("id").asString();

        ApiClient.Reply undone = acme.post("/api/calls/" + fromFathom + "/same-conversation/" + linkId + "/undo");
        ApiClient.Reply again = acme.post("/api/calls/" + fromFathom + "/same-conversation/" + linkId + "/undo");

        assertThat(undone.status()).as(undone.body()).isEqualTo(200);
        assertThat(undone.json().hasNonNull("undoneAt")).isTrue();
        assertThat(again.status()).isEqualTo(200);
        List<JsonNode> events = feedOnceSettled(4);
        assertThat(ofType(events, "call.imported")).extracting(event -> event.at("/payload/data/call/id").asString())
                .containsExactly(fromGong.toString(), fromFathom.toString());
        assertThat(events.getLast().at("/payload/data/call/sameConversation")).isEmpty();
        assertThat(calls.find(acmeId, fromFathom)).isPresent();
        assertThat(acme.get("/api/calls/" + fromGong + "/same-conversation").json().get(0).hasNonNull("undoneAt")).isTrue();
    }

    @Test
    void anotherMeetingAtTheSameTimeIsItsOwnCall() {
        write(gong, "gong", meeting("5001", "Board prep", TEN, Duration.ofMinutes(30), person("Ann", "ann@acme.example", Affiliation.INTERNAL)));
        write(fathom, "fathom", meeting("6001", "Customer onboarding", TEN, Duration.ofMinutes(30),
                person("Bo", "bo@acme.example", Affiliation.INTERNAL)));

        List<JsonNode> events = feedOnceSettled(2);
        assertThat(ofType(events, "call.imported")).hasSize(2);
        assertThat(ofType(events, "call.updated")).isEmpty();
    }

    @Test
    void anotherOrganizationCannotSeeOrUndoTheLink() {
        write(gong, "gong", meeting("7001", "Demo", TEN, Duration.ofMinutes(20), person("Ann", "ann@acme.example", Affiliation.INTERNAL)));
        UUID fromFathom = write(fathom, "fathom", meeting("8001", "Demo", TEN, Duration.ofMinutes(20),
                person("Ann", "ann@acme.example", Affiliation.INTERNAL)));
        String linkId = acme.get("/api/calls/" + fromFathom + "/same-conversation").json().get(0).get("id").asString();
        ApiClient other = ApiClient.at(port, "test-bootstrap-token").newOrganization("Other");

        assertThat(other.get("/api/calls/" + fromFathom + "/same-conversation").status()).isEqualTo(404);
        assertThat(other.post("/api/calls/" + fromFathom + "/same-conversation/" + linkId + "/undo").status()).isEqualTo(404);
        assertThat(acme.get("/api/calls/" + fromFathom + "/same-conversation").json().get(0).hasNonNull("undoneAt")).isFalse();
    }
}
