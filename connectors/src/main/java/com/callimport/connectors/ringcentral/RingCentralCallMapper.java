package com.callimport.connectors.ringcentral;

import com.callimport.connector.Affiliation;
import com.callimport.connector.CallDirection;
import com.callimport.connector.RecordingDescriptor;
import com.callimport.connector.SourceCall;
import com.callimport.connector.SourceParticipant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns one record of RingCentral's company call log ({@code CallLogRecord}, detailed view) into a
 * {@link SourceCall}.
 *
 * <p>The call's id is the record's {@code id}, not its {@code telephonySessionId}: the record id is required
 * and unique in the call log, while one telephony session (a transfer, a queue hand-off) can yield several
 * records, each with its own recording. Keying by record keeps one recording per imported call; the session
 * id stays in the raw metadata for grouping a conversation later.
 */
final class RingCentralCallMapper {

    // sorted properties, so that the same record always yields the same text whatever order RingCentral sends
    private final JsonMapper sortedJson = JsonMapper.builder().enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();

    /**
     * @param record one element of the call log's {@code records} array
     * @throws IllegalArgumentException when the record lacks what every call must have, with the reason
     */
    SourceCall map(JsonNode record) {
        String id = text(record, "id");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("RingCentral listed a call log record without an id");
        }
        Instant started = startTime(record);
        if (started == null) {
            throw new IllegalArgumentException("RingCentral call log record " + id + " has no startTime");
        }
        return new SourceCall(
                id,
                null,
                started,
                Duration.ofSeconds(Math.max(0, record.path("duration").asLong(0))),
                direction(text(record, "direction")),
                participants(record),
                List.of(),
                recordingId(record).map(recording -> new RecordingDescriptor(RingCentralClient.FALLBACK_AUDIO_TYPE)),
                sortedJson.writeValueAsString(record));
    }

    static String id(JsonNode record) {
        return text(record, "id");
    }

    /** When the call started; null when the record has no start time. */
    static Instant startTime(JsonNode record) {
        String value = text(record, "startTime");
        // RingCentral writes ISO-8601 with a zone, e.g. 2016-03-10T18:07:52.534Z
        return value == null || value.isBlank() ? null : OffsetDateTime.parse(value).toInstant();
    }

    /** The id of the call's recording; empty when RingCentral lists none (yet: recordings attach after the call). */
    static Optional<String> recordingId(JsonNode record) {
        return Optional.ofNullable(text(record.path("recording"), "id")).filter(id -> !id.isBlank());
    }

    /** The caller and the callee; a party with an extension id is a user of the customer's account. */
    private static List<SourceParticipant> participants(JsonNode record) {
        List<SourceParticipant> participants = new ArrayList<>();
        for (String side : List.of("from", "to")) {
            JsonNode party = record.path(side);
            if (!party.isObject() || party.isEmpty()) {
                continue;
            }
            String phone = text(party, "phoneNumber");
            if (phone == null) {
                phone = text(party, "extensionNumber");
            }
            String extensionId = text(party, "extensionId");
            Affiliation affiliation = extensionId != null && !extensionId.isBlank() ? Affiliation.INTERNAL
                    : phone != null ? Affiliation.EXTERNAL : Affiliation.UNKNOWN;
            participants.add(new SourceParticipant(text(party, "name"), null, phone, affiliation, null));
        }
        return participants;
    }

    private static CallDirection direction(String direction) {
        if (direction == null) {
            return CallDirection.UNKNOWN;
        }
        return switch (direction) {
            case "Inbound" -> CallDirection.INBOUND;
            case "Outbound" -> CallDirection.OUTBOUND;
            default -> CallDirection.UNKNOWN;
        };
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isMissingNode() ? null : value.asString();
    }
}
