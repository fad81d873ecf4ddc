package com.callimport.sameconversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.calls.StoredCall;
import com.callimport.connector.Affiliation;
import com.callimport.connector.SourceParticipant;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SameConversationTest {
    private static final Instant NINE = Instant.parse("2026-03-02T09:00:00Z");
    private static final SourceParticipant ANN = new SourceParticipant("Ann", "Ann@Acme.example", null, Affiliation.INTERNAL, "1");
    private static final SourceParticipant BOB = new SourceParticipant("Bob", "bob@buyer.example", "+1 (415) 555-0100", Affiliation.EXTERNAL, "2");

    private static StoredCall call(String platform, String title, Instant start, Duration length, List<SourceParticipant> participants) {
        return new StoredCall(UUID.randomUUID(), UUID.randomUUID(), platform, "v-" + UUID.randomUUID(), title, start, length.toMillis(),
                "CONFERENCE", participants, List.of(), null, StoredCall.RecordingStatus.NONE, null, "NONE", null, "{}", start, start);
    }

    @Test
    void aMeetingBothRecordersJoinedIsOneConversationWithItsEvidence() {
        StoredCall recorder = call("a", "Acme / Buyer: pricing review", NINE, Duration.ofMinutes(30), List.of(ANN, BOB));
        StoredCall notetaker = call("b", "Pricing review (Acme / Buyer)", NINE.plusSeconds(40), Duration.ofMinutes(29),
                List.of(new SourceParticipant("Ann A.", "ann@acme.example", null, Affiliation.UNKNOWN, null)));

        SameConversation.Evidence evidence = SameConversation.evaluate(notetaker, recorder).orElseThrow();

        assertThat(evidence.sharedParticipants()).containsExactly("ann@acme.example");
        assertThat(evidence.startsApartSeconds()).isEqualTo(40);
        assertThat(evidence.overlapSeconds()).isEqualTo(29 * 60);
        assertThat(evidence.titleSimilarity()).isEqualTo(1.0);
    }

    @Test
    void twoDialersLoggingOneCallShareItsNumberWrittenEitherWay() {
        StoredCall before = call("a", null, NINE, Duration.ofMinutes(5), List.of(BOB));
        StoredCall after = call("b", null, NINE.plusSeconds(2), Duration.ofMinutes(5),
                List.of(new SourceParticipant(null, null, "4155550100", Affiliation.EXTERNAL, null)));

        assertThat(SameConversation.evaluate(after, before).orElseThrow().sharedParticipants()).containsExactly("4155550100");
    }

    @Test
    void callsAtTheSameTimeWithNobodyAndNoTitleInCommonAreDifferentConversations() {
        StoredCall one = call("a", "Standup", NINE, Duration.ofMinutes(15), List.of(ANN));
        StoredCall other = call("b", "Customer onboarding", NINE, Duration.ofMinutes(15), List.of(BOB));

        assertThat(SameConversation.evaluate(one, other)).isEmpty();
    }

    @Test
    void callsWithTheSamePeopleThatBarelyOverlapAreDifferentConversations() {
        StoredCall first = call("a", "Weekly sync", NINE, Duration.ofMinutes(30), List.of(ANN, BOB));
        StoredCall next = call("b", "Weekly sync", NINE.plus(Duration.ofMinutes(25)), Duration.ofMinutes(30), List.of(ANN, BOB));

        assertThat(SameConversation.evaluate(next, first)).isEmpty();
    }

    @Test
    void ofSeveralCandidatesTheOneSharingMostPeopleWinsWhateverTheirOrder() {
        StoredCall call = call("c", "Review", NINE, Duration.ofMinutes(30), List.of(ANN, BOB));
        StoredCall sharesOne = call("a", "Review", NINE, Duration.ofMinutes(30), List.of(ANN));
        StoredCall sharesTwo = call("b", "Something else", NINE, Duration.ofMinutes(30), List.of(ANN, BOB));

        assertThat(SameConversation.best(call, List.of(sharesOne, sharesTwo)).orElseThrow().call()).isEqualTo(sharesTwo);
        assertThat(SameConversation.best(call, List.of(sharesTwo, sharesOne)).orElseThrow().call()).isEqualTo(sharesTwo);
    }
}
