package com.callimport.connectors.fathom;

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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Turns Fathom's {@code Meeting} (from {@code GET /meetings?include_transcript=true}) into a {@link SourceCall}. */
final class FathomCallMapper {
    static final String AUDIO_TYPE = "audio/mpeg";

    // the transcript travels separately; the rest of the Meeting is the raw metadata
    private static final Set<String> NOT_METADATA = Set.of("transcript");

    private final JsonMapper sortedJson = JsonMapper.builder().enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();

    /**
     * @param recording what asking for the media said: present when there is media to download
     * @throws IllegalArgumentException when the meeting lacks what every call must have, with the reason
     */
    SourceCall map(JsonNode meeting, Optional<RecordingDescriptor> recording) {
        String id = recordingId(meeting);
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("Fathom listed a meeting without a recording_id");
        }
        Instant started = startedAt(meeting);
        if (started == null) {
            throw new IllegalArgumentException("Fathom meeting " + id + " has neither a recording nor a scheduled start time");
        }
        Duration duration = duration(meeting);
        String title = text(meeting, "title");
        JsonNode items = meeting.path("transcript");
        return new SourceCall(
                id,
                title == null ? text(meeting, "meeting_title") : title,
                started,
                duration,
                // Fathom records video meetings; it has no notion of who called whom
                CallDirection.CONFERENCE,
                participants(meeting, items),
                transcript(items, duration),
                recording,
                rawMetadata(meeting));
    }

    /** {@code recording_id} is an integer in Fathom's schema; its decimal text is the call's id. */
    static String recordingId(JsonNode meeting) {
        JsonNode id = meeting.get("recording_id");
        if (id == null || id.isNull()) {
            return null;
        }
        return id.isIntegralNumber() ? id.bigIntegerValue().toString() : id.asString();
    }

    /** The recording's start, else the calendar's scheduled start; null when Fathom gives neither. */
    static Instant startedAt(JsonNode meeting) {
        Instant started = instant(meeting, "recording_start_time");
        return started != null ? started : instant(meeting, "scheduled_start_time");
    }

    private static Duration duration(JsonNode meeting) {
        Instant start = instant(meeting, "recording_start_time");
        Instant end = instant(meeting, "recording_end_time");
        if (start == null || end == null) {
            start = instant(meeting, "scheduled_start_time");
            end = instant(meeting, "scheduled_end_time");
        }
        if (start == null || end == null || end.isBefore(start)) {
            return Duration.ZERO;
        }
        return Duration.between(start, end);
    }

    /** Calendar invitees, plus the recording user when they were not invited; speaker names join the transcript. */
    private static List<SourceParticipant> participants(JsonNode meeting, JsonNode items) {
        Map<String, String> speakerByEmail = new HashMap<>();
        for (JsonNode item : items) {
            String email = text(item.path("speaker"), "matched_calendar_invitee_email");
            String name = text(item.path("speaker"), "display_name");
            if (email != null && name != null) {
                speakerByEmail.putIfAbsent(email.toLowerCase(Locale.ROOT), name);
            }
        }
        List<SourceParticipant> participants = new ArrayList<>();
        Set<String> emails = new HashSet<>();
        for (JsonNode invitee : meeting.path("calendar_invitees")) {
            String email = text(invitee, "email");
            String speaker = text(invitee, "matched_speaker_display_name");
            if (speaker == null && email != null) {
                speaker = speakerByEmail.get(email.toLowerCase(Locale.ROOT));
            }
            JsonNode external = invitee.get("is_external");
            Affiliation affiliation = external == null || !external.isBoolean() ? Affiliation.UNKNOWN
                    : external.booleanValue() ? Affiliation.EXTERNAL : Affiliation.INTERNAL;
            participants.add(new SourceParticipant(text(invitee, "name"), email, null, affiliation, speaker));
            if (email != null) {
                emails.add(email.toLowerCase(Locale.ROOT));
            }
        }
        JsonNode recorder = meeting.path("recorded_by");
        String recorderEmail = text(recorder, "email");
        if (recorder.isObject() && (recorderEmail == null || !emails.contains(recorderEmail.toLowerCase(Locale.ROOT)))) {
            participants.add(new SourceParticipant(text(recorder, "name"), recorderEmail, null, Affiliation.INTERNAL,
                    recorderEmail == null ? null : speakerByEmail.get(recorderEmail.toLowerCase(Locale.ROOT))));
        }
        return participants;
    }

    /**
     * Fathom gives each utterance only a start, {@code HH:MM:SS} from the start of the meeting; an utterance
     * ends where the next begins, and the last one where the recording ends.
     */
    private static List<TranscriptSegment> transcript(JsonNode items, Duration duration) {
        List<TranscriptSegment> segments = new ArrayList<>();
        if (!items.isArray()) {
            return segments;
        }
        List<JsonNode> list = new ArrayList<>();
        items.forEach(list::add);
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            long start = offsetMillis(text(item, "timestamp"));
            long end = i + 1 < list.size() ? offsetMillis(text(list.get(i + 1), "timestamp")) : duration.toMillis();
            JsonNode speaker = item.path("speaker");
            String speakerId = text(speaker, "display_name");
            if (speakerId == null || speakerId.isBlank()) {
                speakerId = text(speaker, "matched_calendar_invitee_email");
            }
            String text = text(item, "text");
            segments.add(new TranscriptSegment(speakerId, start, Math.max(start, end), text == null ? "" : text));
        }
        return segments;
    }

    /** {@code HH:MM:SS} (hours may exceed two digits) as milliseconds. */
    static long offsetMillis(String timestamp) {
        if (timestamp == null) {
            throw new IllegalArgumentException("a transcript item has no timestamp");
        }
        String[] parts = timestamp.strip().split(":");
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("transcript timestamp '" + timestamp + "' is not HH:MM:SS");
        }
        try {
            long seconds = 0;
            for (String part : parts) {
                long value = Long.parseLong(part);
                if (value < 0) {
                    throw new NumberFormatException("negative");
                }
                seconds = seconds * 60 + value;
            }
            return seconds * 1_000;
        } catch (NumberFormatException malformed) {
            throw new IllegalArgumentException("transcript timestamp '" + timestamp + "' is not HH:MM:SS", malformed);
        }
    }

    private String rawMetadata(JsonNode meeting) {
        ObjectNode raw = sortedJson.createObjectNode();
        for (var field : meeting.properties()) {
            if (!NOT_METADATA.contains(field.getKey())) {
                raw.set(field.getKey(), field.getValue());
            }
        }
        return sortedJson.writeValueAsString(raw);
    }

    private static Instant instant(JsonNode node, String field) {
        String value = text(node, field);
        return value == null || value.isBlank() ? null : OffsetDateTime.parse(value).toInstant();
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isMissingNode() ? null : value.asString();
    }
}
