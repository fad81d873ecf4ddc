package com.callimport.connectors.zoomphone;

import com.callimport.connector.Affiliation;
import com.callimport.connector.CallDirection;
import com.callimport.connector.RecordingDescriptor;
import com.callimport.connector.SourceCall;
import com.callimport.connector.SourceParticipant;
import com.callimport.connector.TranscriptSegment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Zoom Phone's call history entries, recordings and transcripts in the platform-neutral shape. One call ({@code call_id})
 * may have several history entries (one per leg, e.g. after a transfer): they become one call with every party once.
 */
final class ZoomPhoneCallMapper {
    static final String AUDIO = "audio/mpeg";

    private final JsonMapper json;

    ZoomPhoneCallMapper(JsonMapper json) {
        this.json = json;
    }

    /**
     * A recording of a call as Zoom lists it ({@code GET /phone/call_logs/{id}/recordings}): its id (which names its
     * transcript) and the file id of its download. Zoom's answer does not say whether a transcript exists: it is asked for.
     */
    record Recording(String id, String fileId) {
    }

    /** The call's id: {@code call_id}, shared by all its history entries; the entry's own id where Zoom gives none. */
    static String callId(JsonNode entry) {
        String callId = text(entry, "call_id");
        return callId != null && !callId.isBlank() ? callId : text(entry, "call_history_uuid");
    }

    static boolean recorded(List<JsonNode> entries) {
        return entries.stream().anyMatch(entry -> "recorded".equals(text(entry, "recording_status")));
    }

    static Instant startTime(JsonNode entry) {
        String value = text(entry, "start_time");
        return value == null ? null : OffsetDateTime.parse(value).toInstant();
    }

    SourceCall map(List<JsonNode> entries, Optional<Recording> recording, List<TranscriptSegment> transcript) {
        JsonNode first = entries.getFirst();
        String id = callId(first);
        Instant started = null;
        Instant ended = null;
        Map<String, SourceParticipant> parties = new LinkedHashMap<>();
        for (JsonNode entry : entries) {
            Instant start = startTime(entry);
            if (start == null) {
                throw new IllegalArgumentException("history entry " + text(entry, "call_history_uuid") + " has no start_time");
            }
            started = started == null || start.isBefore(started) ? start : started;
            Instant end = start.plusSeconds(Math.max(0, entry.path("duration").asLong(0)));
            ended = ended == null || end.isAfter(ended) ? end : ended;
            for (String side : List.of("caller", "callee")) {
                SourceParticipant party = party(entry, side);
                parties.putIfAbsent(String.valueOf(party.phone()) + "|" + party.name(), party);
            }
        }
        ObjectNode raw = json.createObjectNode();
        ArrayNode history = raw.putArray("call_history");
        entries.forEach(history::add);
        recording.ifPresent(found -> raw.putObject("recording").put("id", found.id()).put("file_id", found.fileId()));
        String direction = text(first, "direction");
        String counterpart = "outbound".equals(direction) ? label(first, "callee") : label(first, "caller");
        return new SourceCall(id, ("outbound".equals(direction) ? "Call to " : "Call from ") + counterpart, started,
                Duration.between(started, ended),
                switch (direction == null ? "" : direction) {
                    case "inbound" -> CallDirection.INBOUND;
                    case "outbound" -> CallDirection.OUTBOUND;
                    default -> CallDirection.UNKNOWN;
                },
                new ArrayList<>(parties.values()), transcript, recording.map(found -> new RecordingDescriptor(AUDIO)), raw.toString());
    }

    /** Zoom's transcript file ({@code "type": "zoom_transcript"}): a timeline of utterances with {@code ts}/{@code end_ts} offsets. */
    static List<TranscriptSegment> transcript(JsonNode file) {
        List<TranscriptSegment> segments = new ArrayList<>();
        for (JsonNode line : file.path("timeline")) {
            String text = text(line, "text");
            if (text == null || text.isBlank()) {
                continue;
            }
            long start = offsetMillis(text(line, "ts"));
            long end = Math.max(start, offsetMillis(text(line, "end_ts")));
            segments.add(new TranscriptSegment(text(line, "userId"), start, end, text));
        }
        return segments;
    }

    // Zoom's transcript offsets read "00:01:02.345" (ZP spec, recording_transcript download)
    static long offsetMillis(String offset) {
        if (offset == null || offset.isBlank()) {
            return 0;
        }
        String[] parts = offset.split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("transcript offset '" + offset + "' is not hh:mm:ss.fff");
        }
        return Math.round((Long.parseLong(parts[0]) * 3600 + Long.parseLong(parts[1]) * 60 + Double.parseDouble(parts[2])) * 1000);
    }

    private static SourceParticipant party(JsonNode entry, String side) {
        String numberType = text(entry, side + "_number_type");
        String extensionType = text(entry, side + "_ext_type");
        // ZP spec: zoom_* number types and extension types are the account's own; external_* and others are not
        Affiliation affiliation = extensionType != null && !"external_contact".equals(extensionType) ? Affiliation.INTERNAL
                : numberType == null ? Affiliation.UNKNOWN
                : numberType.startsWith("zoom_") ? Affiliation.INTERNAL : Affiliation.EXTERNAL;
        String phone = text(entry, side + "_did_number");
        if (phone == null) {
            phone = text(entry, side + "_ext_number");
        }
        return new SourceParticipant(text(entry, side + "_name"), text(entry, side + "_email"), phone, affiliation,
                text(entry, side + "_ext_number"));
    }

    private static String label(JsonNode entry, String side) {
        String name = text(entry, side + "_name");
        if (name != null && !name.isBlank()) {
            return name;
        }
        String number = text(entry, side + "_did_number");
        return number != null ? number : "an unknown number";
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asString() : null;
    }
}
