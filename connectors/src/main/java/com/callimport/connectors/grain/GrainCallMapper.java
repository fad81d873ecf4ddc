package com.callimport.connectors.grain;

import com.callimport.connector.Affiliation;
import com.callimport.connector.CallDirection;
import com.callimport.connector.RecordingDescriptor;
import com.callimport.connector.SourceCall;
import com.callimport.connector.SourceParticipant;
import com.callimport.connector.TranscriptSegment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Turns a Grain recording (from {@code POST /recordings} with participants) and its transcript into a {@link SourceCall}. */
final class GrainCallMapper {
    static final String VIDEO_TYPE = "video/mp4";
    static final String AUDIO_TYPE = "audio/mpeg";

    // thumbnail addresses may be signed and change between listings (UNCONFIRMED); they are not the call's data
    private static final Set<String> VOLATILE = Set.of("thumbnail_url");

    private final JsonMapper sortedJson = JsonMapper.builder().enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();

    /**
     * @param segments the recording's transcript array from {@code GET /recordings/{id}/transcript}, or null for none
     * @throws IllegalArgumentException when the recording lacks what every call must have, with the reason
     */
    SourceCall map(JsonNode recording, JsonNode segments) {
        String id = text(recording, "id");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("Grain listed a recording without an id");
        }
        Instant started = startedAt(recording);
        if (started == null) {
            throw new IllegalArgumentException("Grain recording " + id + " has no start_datetime");
        }
        return new SourceCall(
                id,
                text(recording, "title"),
                started,
                duration(recording, started),
                // Grain records meetings; it has no notion of who called whom
                CallDirection.CONFERENCE,
                participants(recording.path("participants")),
                transcript(segments),
                mediaType(recording).map(RecordingDescriptor::new),
                rawMetadata(recording));
    }

    static Instant startedAt(JsonNode recording) {
        String value = text(recording, "start_datetime");
        return value == null || value.isBlank() ? null : OffsetDateTime.parse(value).toInstant();
    }

    /** The media Grain can hand out: {@code media_type} video or audio; a transcript-only recording has none. */
    static Optional<String> mediaType(JsonNode recording) {
        String type = text(recording, "media_type");
        if ("video".equals(type)) {
            return Optional.of(VIDEO_TYPE);
        }
        if ("audio".equals(type)) {
            return Optional.of(AUDIO_TYPE);
        }
        return Optional.empty();
    }

    private static Duration duration(JsonNode recording, Instant started) {
        JsonNode millis = recording.get("duration_ms");
        if (millis != null && millis.isNumber()) {
            return Duration.ofMillis(Math.max(0, millis.asLong()));
        }
        String end = text(recording, "end_datetime");
        if (end == null) {
            return Duration.ZERO;
        }
        Duration between = Duration.between(started, OffsetDateTime.parse(end).toInstant());
        return between.isNegative() ? Duration.ZERO : between;
    }

    private static List<SourceParticipant> participants(JsonNode participants) {
        List<SourceParticipant> mapped = new ArrayList<>();
        for (JsonNode participant : participants) {
            String scope = text(participant, "scope");
            Affiliation affiliation = "internal".equals(scope) ? Affiliation.INTERNAL
                    : "external".equals(scope) ? Affiliation.EXTERNAL : Affiliation.UNKNOWN;
            // a participant's id joins the transcript's participant_id
            mapped.add(new SourceParticipant(text(participant, "name"), text(participant, "email"), null, affiliation,
                    text(participant, "id")));
        }
        return mapped;
    }

    private static List<TranscriptSegment> transcript(JsonNode segments) {
        List<TranscriptSegment> mapped = new ArrayList<>();
        if (segments == null) {
            return mapped;
        }
        for (JsonNode segment : segments) {
            long start = segment.path("start").asLong(0);
            long end = segment.path("end").asLong(start);
            String speaker = text(segment, "participant_id");
            if (speaker == null) {
                speaker = text(segment, "speaker");
            }
            String text = text(segment, "text");
            mapped.add(new TranscriptSegment(speaker, Math.max(0, start), Math.max(Math.max(0, start), end), text == null ? "" : text));
        }
        return mapped;
    }

    private String rawMetadata(JsonNode recording) {
        ObjectNode raw = sortedJson.createObjectNode();
        for (var field : recording.properties()) {
            if (!VOLATILE.contains(field.getKey())) {
                raw.set(field.getKey(), field.getValue());
            }
        }
        return sortedJson.writeValueAsString(raw);
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isMissingNode() ? null : value.asString();
    }
}
