package com.callimport.connectors.gong;

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

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns Gong's {@code CallData} (from {@code /v2/calls/extensive}) and its transcript into a {@link SourceCall}. */
final class GongCallMapper {
    static final String AUDIO_TYPE = "audio/mpeg";
    static final String VIDEO_TYPE = "video/mp4";

    // sorted properties, so that the same call always yields the same text whatever order Gong sends
    private final JsonMapper sortedJson = JsonMapper.builder().enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();

    /**
     * @param call        one element of Gong's {@code calls} array
     * @param monologues  the call's {@code transcript} array from {@code /v2/calls/transcript}, or null for none
     * @throws IllegalArgumentException when the call lacks what every call must have, with the reason
     */
    SourceCall map(JsonNode call, JsonNode monologues) {
        JsonNode metaData = call.path("metaData");
        String id = text(metaData, "id");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("Gong listed a call without an id");
        }
        Instant started = instant(metaData, "started");
        if (started == null) {
            started = instant(metaData, "scheduled");
        }
        if (started == null) {
            throw new IllegalArgumentException("Gong call " + id + " has neither a start nor a scheduled time");
        }
        return new SourceCall(
                id,
                text(metaData, "title"),
                started,
                Duration.ofSeconds(Math.max(0, metaData.path("duration").asLong(0))),
                direction(text(metaData, "direction")),
                participants(call.path("parties")),
                transcript(monologues),
                mediaLink(call, Instant.EPOCH).map(link -> new RecordingDescriptor(link.mediaType())),
                rawMetadata(call));
    }

    static String callId(JsonNode call) {
        return text(call.path("metaData"), "id");
    }

    /**
     * Whether Gong's dialer (Gong Engage) placed the call, from its metadata (the extensive listing's {@code metaData}, or the
     * basic listing's call itself): the telephony {@code system} names Gong's dialer. The exact string is UNCONFIRMED in
     * Gong's documents ("Gong Dialer" observed); Engage calls are also outbound audio calls with an SDR disposition.
     */
    static boolean isDialerCall(JsonNode metaData) {
        String system = text(metaData, "system");
        return system != null && DIALER_SYSTEM.matcher(system).find();
    }

    private static final java.util.regex.Pattern DIALER_SYSTEM = java.util.regex.Pattern.compile("(?i)\\b(dialer|engage)\\b");

    static boolean isPrivate(JsonNode call) {
        return call.path("metaData").path("isPrivate").asBoolean(false);
    }

    /** The call's signed media address, preferring audio (smaller) over video; empty when Gong has no media. */
    static Optional<GongMediaLink> mediaLink(JsonNode call, Instant seenAt) {
        JsonNode media = call.path("media");
        String audio = text(media, "audioUrl");
        if (audio != null && !audio.isBlank()) {
            return Optional.of(new GongMediaLink(URI.create(audio), AUDIO_TYPE, seenAt));
        }
        String video = text(media, "videoUrl");
        if (video != null && !video.isBlank()) {
            return Optional.of(new GongMediaLink(URI.create(video), VIDEO_TYPE, seenAt));
        }
        return Optional.empty();
    }

    /** metaData, parties and context only: {@code media} holds signed URLs that change on every listing. */
    private String rawMetadata(JsonNode call) {
        ObjectNode raw = sortedJson.createObjectNode();
        for (String field : List.of("metaData", "parties", "context")) {
            if (call.has(field)) {
                raw.set(field, call.get(field));
            }
        }
        return sortedJson.writeValueAsString(raw);
    }

    private static List<SourceParticipant> participants(JsonNode parties) {
        List<SourceParticipant> participants = new ArrayList<>();
        for (JsonNode party : parties) {
            participants.add(new SourceParticipant(
                    text(party, "name"),
                    text(party, "emailAddress"),
                    text(party, "phoneNumber"),
                    affiliation(text(party, "affiliation")),
                    text(party, "speakerId")));
        }
        return participants;
    }

    // Gong's transcript is monologues of sentences with millisecond offsets; a segment per sentence keeps them
    private static List<TranscriptSegment> transcript(JsonNode monologues) {
        List<TranscriptSegment> segments = new ArrayList<>();
        if (monologues == null) {
            return segments;
        }
        for (JsonNode monologue : monologues) {
            String speakerId = text(monologue, "speakerId");
            for (JsonNode sentence : monologue.path("sentences")) {
                segments.add(new TranscriptSegment(speakerId, sentence.path("start").asLong(0),
                        sentence.path("end").asLong(0), text(sentence, "text") == null ? "" : text(sentence, "text")));
            }
        }
        return segments;
    }

    private static CallDirection direction(String direction) {
        if (direction == null) {
            return CallDirection.UNKNOWN;
        }
        return switch (direction) {
            case "Inbound" -> CallDirection.INBOUND;
            case "Outbound" -> CallDirection.OUTBOUND;
            case "Conference" -> CallDirection.CONFERENCE;
            default -> CallDirection.UNKNOWN;
        };
    }

    private static Affiliation affiliation(String affiliation) {
        if (affiliation == null) {
            return Affiliation.UNKNOWN;
        }
        return switch (affiliation) {
            case "Internal" -> Affiliation.INTERNAL;
            case "External" -> Affiliation.EXTERNAL;
            default -> Affiliation.UNKNOWN;
        };
    }

    private static Instant instant(JsonNode node, String field) {
        String value = text(node, field);
        // Gong writes ISO-8601 with an offset, e.g. 2018-02-18T02:30:00-07:00
        return value == null || value.isBlank() ? null : OffsetDateTime.parse(value).toInstant();
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isMissingNode() ? null : value.asString();
    }
}
