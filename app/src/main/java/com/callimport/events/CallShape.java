package com.callimport.events;

import com.callimport.calls.StoredCall;
import com.callimport.connector.SourceParticipant;
import com.callimport.connector.TranscriptSegment;
import com.callimport.sameconversation.SameConversation;
import com.callimport.sameconversation.SameConversationLinks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * One call in the shape every source shares, phone call or video meeting: what events carry and what the JSON Schema
 * {@code call-v1.schema.json} describes (served at {@code /v3/api-docs/schemas/call-v1.json}). A field the source did
 * not provide is absent from the JSON (or empty) and named in {@code unknown}, so that "not known" is never mistaken for "none".
 */
public record CallShape(
        String schemaVersion,
        UUID id,
        Source source,
        String title,
        Instant startedAt,
        long durationMillis,
        String direction,
        List<Participant> participants,
        Transcript transcript,
        Recording recording,
        List<String> unknown,
        List<Link> sameConversation,
        Instant importedAt,
        Instant updatedAt) {

    public static final String VERSION = "1";

    /** Where the call came from: the source's name (its call identity) and its own id of the call. */
    public record Source(String platform, String sourceId, UUID connectionId) {
    }

    /**
     * @param role SPEAKER when the transcript has them speaking, ATTENDEE when listed but silent in it, UNKNOWN without a transcript
     */
    public record Participant(String name, String email, String phone, String role, String affiliation, String speakerId) {
    }

    public record Transcript(String status, String reason, List<TranscriptSegment> segments) {
    }

    /**
     * @param href where the product downloads it, with an API token; its bytes hash to {@code sha256}
     */
    public record Recording(String status, String reason, String mediaType, Long bytes, String sha256, String href) {
    }

    /** Another call that is the same conversation, with the evidence; {@code role} is what the other call is to this one. */
    public record Link(UUID linkId, UUID callId, String role, SameConversation.Evidence evidence, Instant linkedAt) {
    }

    static CallShape of(StoredCall call, List<SameConversationLinks.Link> links) {
        Set<String> speakers = call.transcript().stream().map(TranscriptSegment::speakerId).collect(Collectors.toSet());
        List<Participant> participants = call.participants().stream().map(participant -> new Participant(participant.name(),
                participant.email(), participant.phone(), role(participant, speakers, call.transcript().isEmpty()),
                participant.affiliation().name(), participant.speakerId())).toList();
        List<String> unknown = new ArrayList<>();
        if (call.title() == null || call.title().isBlank()) {
            unknown.add("title");
        }
        if (call.direction().equals("UNKNOWN")) {
            unknown.add("direction");
        }
        if (call.durationMillis() == 0) {
            unknown.add("durationMillis");
        }
        if (participants.isEmpty()) {
            unknown.add("participants");
        } else {
            if (call.participants().stream().anyMatch(participant -> participant.affiliation().name().equals("UNKNOWN"))) {
                unknown.add("participants.affiliation");
            }
            if (call.participants().stream().allMatch(participant -> participant.email() == null && participant.phone() == null)) {
                unknown.add("participants.contact");
            }
        }
        if (call.transcript().isEmpty()) {
            unknown.add("transcript");
        }
        if (call.recordingStatus() != StoredCall.RecordingStatus.STORED) {
            unknown.add("recording");
        }
        StoredCall.Recording stored = call.recording();
        Recording recording = new Recording(call.recordingStatus().name(), call.recordingReason(),
                stored == null ? null : stored.mediaType(), stored == null ? null : stored.bytes(), stored == null ? null : stored.sha256(),
                stored == null ? null : "/api/calls/" + call.id() + "/recording");
        List<Link> linked = links.stream().filter(SameConversationLinks.Link::active).map(link -> link.primaryCallId().equals(call.id())
                ? new Link(link.id(), link.linkedCallId(), "LINKED", link.evidence(), link.createdAt())
                : new Link(link.id(), link.primaryCallId(), "PRIMARY", link.evidence(), link.createdAt())).toList();
        return new CallShape(VERSION, call.id(), new Source(call.platform(), call.vendorCallId(), call.connectionId()), call.title(),
                call.startedAt(), call.durationMillis(), call.direction(), participants,
                new Transcript(call.transcriptStatus(), call.transcriptReason(), call.transcript()), recording, List.copyOf(unknown),
                linked, call.importedAt(), call.updatedAt());
    }

    private static String role(SourceParticipant participant, Set<String> speakers, boolean noTranscript) {
        if (noTranscript || participant.speakerId() == null) {
            return "UNKNOWN";
        }
        return speakers.contains(participant.speakerId()) ? "SPEAKER" : "ATTENDEE";
    }
}
