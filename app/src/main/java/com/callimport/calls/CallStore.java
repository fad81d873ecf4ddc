package com.callimport.calls;

import com.callimport.connector.SourceCall;
import com.callimport.connector.SourceParticipant;
import com.callimport.connector.TranscriptSegment;
import com.callimport.organizations.OrganizationId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes and reads calls. A write is an upsert on (organization, platform, vendor call id) that only
 * touches the row when the content hash changed, so repeating an import writes nothing new. Every write that
 * imports or changes a call announces it ({@link CallChanged}) inside its transaction.
 */
@Component
public class CallStore {
    private static final TypeReference<List<SourceParticipant>> PARTICIPANTS = new TypeReference<>() { };
    private static final TypeReference<List<TranscriptSegment>> TRANSCRIPT = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final boolean retranscribe;
    private final ApplicationEventPublisher events;

    CallStore(JdbcClient jdbc, JsonMapper json, Clock clock, ApplicationEventPublisher events,
              @org.springframework.beans.factory.annotation.Value("${callimport.transcription.policy:reuse-source}") String policy) {
        this.jdbc = jdbc;
        this.events = events;
        this.json = json;
        this.clock = clock;
        this.retranscribe = policy.equals("always");
    }

    /** Where a call's transcript comes from, decided when the call is stored, with the reason recorded. */
    record TranscriptDecision(String status, String reason) {
        static TranscriptDecision of(SourceCall call, boolean hasRecording, boolean retranscribe) {
            if (!call.transcript().isEmpty()) {
                return retranscribe && hasRecording
                        ? new TranscriptDecision("AWAITING_TRANSCRIPTION", "policy says re-transcribe; the vendor's transcript is kept until then")
                        : new TranscriptDecision("SOURCE", "the vendor's transcript is reused");
            }
            return hasRecording
                    ? new TranscriptDecision("AWAITING_TRANSCRIPTION", "the vendor has no transcript; the recording is to be transcribed")
                    : new TranscriptDecision("NONE", "the vendor has no transcript and no recording to transcribe");
        }
    }

    /** A call whose recording waits for transcription. */
    public record AwaitingTranscription(UUID id, String blobKey, String mediaType) {
    }

    /**
     * Claims one call awaiting transcription, locked for the caller's transaction so that no other worker
     * transcribes it meanwhile; empty when none waits.
     */
    public Optional<AwaitingTranscription> claimAwaitingTranscription() {
        return jdbc.sql("""
                SELECT id, recording_key, recording_media_type FROM calls
                WHERE transcript_status = 'AWAITING_TRANSCRIPTION' AND recording_key IS NOT NULL
                  AND (transcribe_after IS NULL OR transcribe_after <= ?)
                ORDER BY imported_at LIMIT 1 FOR UPDATE SKIP LOCKED""")
                .param(Instant.now(clock).atOffset(ZoneOffset.UTC))
                .query((rs, row) -> new AwaitingTranscription(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)))
                .optional();
    }

    /** Puts a call whose transcription failed back in the queue, behind the others, with why it failed. */
    public void deferTranscription(UUID callId, String why, java.time.Duration wait) {
        jdbc.sql("UPDATE calls SET transcribe_after = ?, transcript_reason = ? WHERE id = ?")
                .params(Instant.now(clock).plus(wait).atOffset(ZoneOffset.UTC),
                        "transcription failed (" + why + "); it is tried again", callId)
                .update();
    }

    @Transactional
    public void storeTranscription(UUID callId, List<TranscriptSegment> transcript) {
        jdbc.sql("""
                UPDATE calls SET transcript = ?::jsonb, transcript_status = 'TRANSCRIBED',
                    transcript_reason = 'transcribed by us from the recording', updated_at = ? WHERE id = ?
                RETURNING organization_id""")
                .params(json.writeValueAsString(transcript), Instant.now(clock).atOffset(ZoneOffset.UTC), callId)
                .query(UUID.class).optional()
                .ifPresent(organization -> changed(organization, callId, CallWrite.UPDATED, "transcript"));
    }

    private void changed(UUID organization, UUID callId, CallWrite what, String why) {
        events.publishEvent(new CallChanged(new OrganizationId(organization), callId, what, why));
    }

    /** Where a call stands already, so a re-import can skip downloading a recording it holds. */
    public record Existing(String contentHash, boolean hasRecording) {
    }

    public String fingerprint(SourceCall call) {
        return CallFingerprint.of(call, json);
    }

    public Map<String, Existing> existing(OrganizationId organization, String platform, Collection<String> vendorCallIds) {
        Map<String, Existing> found = new HashMap<>();
        if (vendorCallIds.isEmpty()) {
            return found;
        }
        jdbc.sql("""
                SELECT vendor_call_id, content_hash, recording_sha256 IS NOT NULL FROM calls
                WHERE organization_id = ? AND platform = ? AND vendor_call_id = ANY(?)""")
                .params(organization.value(), platform, vendorCallIds.toArray(String[]::new))
                .query((ResultSet rs) -> {
                    found.put(rs.getString(1), new Existing(rs.getString(2), rs.getBoolean(3)));
                });
        return found;
    }

    /**
     * Inserts the call, or updates it in place when its content changed; must run inside the
     * transaction that also advances the checkpoint.
     *
     * @param recording the stored recording, or null when the call has none (an update then keeps a
     *                  recording stored earlier)
     * @param recordingMissing why the vendor's recording could not be fetched, or null; the call is stored without
     *                  it and its recording fetched again after {@code retryAfter}
     */
    @Transactional
    public CallWrite upsert(OrganizationId organization, UUID connectionId, String platform, SourceCall call,
                            StoredCall.Recording recording, String contentHash, UUID runId) {
        return upsert(organization, connectionId, platform, call, recording, null, null, contentHash, runId);
    }

    @Transactional
    public CallWrite upsert(OrganizationId organization, UUID connectionId, String platform, SourceCall call,
                            StoredCall.Recording recording, String recordingMissing, Instant retryAfter, String contentHash,
                            UUID runId) {
        Instant now = Instant.now(clock);
        TranscriptDecision decision = TranscriptDecision.of(call, recording != null || call.recording().isPresent(), retranscribe);
        Optional<CallWritten> written = jdbc.sql("""
                INSERT INTO calls (id, organization_id, connection_id, platform, vendor_call_id, title, started_at, duration_ms,
                    direction, participants, transcript, recording_key, recording_media_type, recording_bytes, recording_sha256,
                    raw_metadata, content_hash, first_run_id, last_run_id, imported_at, updated_at, transcript_status, transcript_reason,
                    recording_missing_reason, recording_retry_after)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT ON CONSTRAINT calls_identity DO UPDATE SET
                    connection_id = EXCLUDED.connection_id, title = EXCLUDED.title, started_at = EXCLUDED.started_at,
                    duration_ms = EXCLUDED.duration_ms, direction = EXCLUDED.direction,
                    participants = EXCLUDED.participants,
                    -- a transcript we made stays until the vendor has one of its own
                    transcript = CASE WHEN calls.transcript_status = 'TRANSCRIBED' AND EXCLUDED.transcript_status <> 'SOURCE'
                                      THEN calls.transcript ELSE EXCLUDED.transcript END,
                    transcript_status = CASE WHEN calls.transcript_status = 'TRANSCRIBED' AND EXCLUDED.transcript_status <> 'SOURCE'
                                      THEN calls.transcript_status ELSE EXCLUDED.transcript_status END,
                    transcript_reason = CASE WHEN calls.transcript_status = 'TRANSCRIBED' AND EXCLUDED.transcript_status <> 'SOURCE'
                                      THEN calls.transcript_reason ELSE EXCLUDED.transcript_reason END,
                    recording_key = coalesce(EXCLUDED.recording_key, calls.recording_key),
                    recording_media_type = coalesce(EXCLUDED.recording_media_type, calls.recording_media_type),
                    recording_bytes = coalesce(EXCLUDED.recording_bytes, calls.recording_bytes),
                    recording_sha256 = coalesce(EXCLUDED.recording_sha256, calls.recording_sha256),
                    -- a recording held (now or before) is not missing; a newly missing one keeps its earlier retry time
                    recording_missing_reason = CASE WHEN coalesce(EXCLUDED.recording_sha256, calls.recording_sha256) IS NOT NULL
                                      THEN NULL ELSE EXCLUDED.recording_missing_reason END,
                    recording_retry_after = CASE WHEN coalesce(EXCLUDED.recording_sha256, calls.recording_sha256) IS NOT NULL
                                      THEN NULL ELSE coalesce(calls.recording_retry_after, EXCLUDED.recording_retry_after) END,
                    raw_metadata = EXCLUDED.raw_metadata, content_hash = EXCLUDED.content_hash,
                    last_run_id = EXCLUDED.last_run_id, updated_at = EXCLUDED.updated_at
                WHERE calls.content_hash IS DISTINCT FROM EXCLUDED.content_hash
                   OR (calls.recording_sha256 IS NULL AND EXCLUDED.recording_sha256 IS NOT NULL)
                   OR (calls.recording_sha256 IS NULL AND calls.recording_missing_reason IS NULL
                       AND EXCLUDED.recording_missing_reason IS NOT NULL)
                RETURNING id, (xmax = 0)""")
                .params(UUID.randomUUID(), organization.value(), connectionId, platform, call.vendorCallId(), call.title(),
                        call.startedAt().atOffset(ZoneOffset.UTC), call.duration().toMillis(), call.direction().name(),
                        json.writeValueAsString(call.participants()), json.writeValueAsString(call.transcript()),
                        recording == null ? null : recording.blobKey(), recording != null ? recording.mediaType() : recordingMissing == null ? null
                                : call.recording().map(com.callimport.connector.RecordingDescriptor::mediaType).orElse(null),
                        recording == null ? null : recording.bytes(), recording == null ? null : recording.sha256(),
                        call.rawMetadataJson(), contentHash, runId, runId, now.atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC),
                        decision.status(), decision.reason(), recording == null ? recordingMissing : null,
                        recording == null && recordingMissing != null ? retryAfter.atOffset(ZoneOffset.UTC) : null)
                .query((rs, row) -> new CallWritten(rs.getObject(1, UUID.class), rs.getBoolean(2) ? CallWrite.IMPORTED : CallWrite.UPDATED))
                .optional();
        written.ifPresent(write -> changed(organization.value(), write.id(), write.what(), "content"));
        // no row back: the conflict's WHERE was false, i.e. the stored content is the same
        return written.map(CallWritten::what).orElse(CallWrite.UNCHANGED);
    }

    private record CallWritten(UUID id, CallWrite what) {
    }

    /** A call whose recording is still to be fetched, claimed by one worker for {@code lease}. */
    public record MissingRecording(OrganizationId organization, StoredCall call, String mediaType, int attempts) {
    }

    /**
     * Claims up to {@code limit} calls whose recording is missing and due to be fetched again; each is held back for
     * {@code lease} so that another worker does not fetch it meanwhile.
     */
    public List<MissingRecording> claimMissingRecordings(int limit, java.time.Duration lease) {
        Instant now = Instant.now(clock);
        return jdbc.sql("""
                UPDATE calls SET recording_retry_after = ? WHERE id IN (
                    SELECT id FROM calls WHERE recording_missing_reason IS NOT NULL AND recording_retry_after <= ?
                    ORDER BY recording_retry_after LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING *""")
                .params(now.plus(lease).atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC), limit)
                .query((rs, row) -> new MissingRecording(new OrganizationId(rs.getObject("organization_id", UUID.class)),
                        call(rs, row), rs.getString("recording_media_type"), rs.getInt("recording_attempts")))
                .list();
    }

    /** Attaches a recording fetched after the call was stored; the call is no longer missing it. */
    @Transactional
    public void attachRecording(UUID callId, StoredCall.Recording recording) {
        jdbc.sql("""
                UPDATE calls SET recording_key = ?, recording_media_type = ?, recording_bytes = ?, recording_sha256 = ?,
                    recording_missing_reason = NULL, recording_retry_after = NULL, recording_attempts = recording_attempts + 1,
                    updated_at = ? WHERE id = ?
                RETURNING organization_id""")
                .params(recording.blobKey(), recording.mediaType(), recording.bytes(), recording.sha256(),
                        Instant.now(clock).atOffset(ZoneOffset.UTC), callId)
                .query(UUID.class).optional()
                .ifPresent(organization -> changed(organization, callId, CallWrite.UPDATED, "recording"));
    }

    /** Records another failed attempt at a call's recording, with why, and when to try again (null: never). */
    public void recordingStillMissing(UUID callId, String reason, Instant retryAfter) {
        jdbc.sql("""
                UPDATE calls SET recording_missing_reason = ?, recording_retry_after = ?, recording_attempts = recording_attempts + 1
                WHERE id = ? AND recording_sha256 IS NULL""")
                .params(reason, retryAfter == null ? null : retryAfter.atOffset(ZoneOffset.UTC), callId)
                .update();
    }

    /** Where the organization's recordings are kept, so that they can be removed with it. */
    public List<String> recordingKeys(OrganizationId organization) {
        return jdbc.sql("SELECT recording_key FROM calls WHERE organization_id = ? AND recording_key IS NOT NULL")
                .param(organization.value())
                .query(String.class)
                .list();
    }

    public long countByOrganization(OrganizationId organization) {
        return jdbc.sql("SELECT count(*) FROM calls WHERE organization_id = ?").param(organization.value()).query(Long.class).single();
    }

    public long countByConnection(OrganizationId organization, UUID connectionId) {
        return jdbc.sql("SELECT count(*) FROM calls WHERE organization_id = ? AND connection_id = ?")
                .params(organization.value(), connectionId).query(Long.class).single();
    }

    /**
     * The organization's calls from platforms other than {@code otherThan} whose time overlaps {@code from}–{@code to},
     * oldest import first: the candidates for being the same conversation as a call just imported.
     *
     * @param longest how long a call can last at most; bounds the search so that it reads one range of the index
     */
    public List<StoredCall> overlapping(OrganizationId organization, String otherThan, Instant from, Instant to, java.time.Duration longest) {
        return jdbc.sql("""
                SELECT * FROM calls WHERE organization_id = ? AND platform <> ? AND started_at > ? AND started_at < ?
                  AND started_at + duration_ms * interval '1 millisecond' > ?
                ORDER BY imported_at, id LIMIT 50""")
                .params(organization.value(), otherThan, from.minus(longest).atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC),
                        from.atOffset(ZoneOffset.UTC))
                .query(this::call)
                .list();
    }

    /** Calls a connection brought in for the first time since {@code since} (today's, this week's). */
    public long countFirstImportedSince(OrganizationId organization, UUID connectionId, Instant since) {
        return jdbc.sql("SELECT count(*) FROM calls WHERE organization_id = ? AND connection_id = ? AND imported_at >= ?")
                .params(organization.value(), connectionId, since.atOffset(ZoneOffset.UTC)).query(Long.class).single();
    }

    /** Calls the organization already holds from a platform in a window: re-importing them is free. */
    public long countInWindow(OrganizationId organization, String platform, com.callimport.connector.DateWindow window) {
        return jdbc.sql("SELECT count(*) FROM calls WHERE organization_id = ? AND platform = ? AND started_at >= ? AND started_at < ?")
                .params(organization.value(), platform, window.from().atOffset(ZoneOffset.UTC), window.to().atOffset(ZoneOffset.UTC))
                .query(Long.class)
                .single();
    }

    public Optional<StoredCall> find(OrganizationId organization, UUID id) {
        return jdbc.sql("SELECT * FROM calls WHERE organization_id = ? AND id = ?")
                .params(organization.value(), id)
                .query(this::call)
                .optional();
    }

    /**
     * One page of the organization's calls that match {@code filter}, newest first (then by id), read by seeking
     * past a cursor so that any page costs what the first does (the V110 indexes). With {@code before} the page
     * is the one just newer than that cursor; with neither, the newest page.
     */
    public CallListing list(OrganizationId organization, CallFilter filter, CallCursor after, CallCursor before, int limit) {
        ListingQuery query = listingQuery(organization, filter, after, before, limit);
        boolean backwards = before != null;
        List<StoredCall> found = new ArrayList<>(jdbc.sql(query.sql()).params(query.params()).query(this::call).list());
        boolean more = found.size() > limit;
        if (more) {
            found.removeLast();
        }
        if (backwards) {
            Collections.reverse(found);
        }
        Optional<CallCursor> first = found.isEmpty() ? Optional.empty() : Optional.of(CallCursor.of(found.getFirst()));
        Optional<CallCursor> last = found.isEmpty() ? Optional.empty() : Optional.of(CallCursor.of(found.getLast()));
        return backwards
                ? new CallListing(found, found.isEmpty() ? Optional.of(before) : last, more ? first : Optional.empty())
                : new CallListing(found, more ? last : Optional.empty(), after == null ? Optional.empty()
                        : found.isEmpty() ? Optional.of(after) : first);
    }

    /** The statement that reads a page of the list, and its parameters; separate so that its plan can be checked. */
    record ListingQuery(String sql, List<Object> params) {
    }

    static ListingQuery listingQuery(OrganizationId organization, CallFilter filter, CallCursor after, CallCursor before, int limit) {
        if (after != null && before != null) {
            throw new IllegalArgumentException("after, before: page one way at a time; pass one cursor, not both");
        }
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT * FROM calls WHERE ").append(where(organization, filter, params));
        boolean backwards = before != null;
        CallCursor from = backwards ? before : after;
        if (from != null) {
            // a row comparison, which the btree index reads as one range from the cursor on
            sql.append(backwards ? " AND (started_at, id) > (?, ?)" : " AND (started_at, id) < (?, ?)");
            params.add(from.startedAt().atOffset(ZoneOffset.UTC));
            params.add(from.id());
        }
        sql.append(backwards ? " ORDER BY started_at, id LIMIT ?" : " ORDER BY started_at DESC, id DESC LIMIT ?");
        params.add(limit + 1); // one more tells whether another page follows
        return new ListingQuery(sql.toString(), params);
    }

    /** The same list read at an offset: the API's older paging, slower the deeper it goes; prefer {@link #list}. */
    public CallListing listAt(OrganizationId organization, CallFilter filter, int offset, int limit) {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT * FROM calls WHERE " + where(organization, filter, params) + " ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?";
        params.add(limit + 1);
        params.add(offset);
        List<StoredCall> found = new ArrayList<>(jdbc.sql(sql).params(params).query(this::call).list());
        boolean more = found.size() > limit;
        if (more) {
            found.removeLast();
        }
        return new CallListing(found, more ? Optional.of(CallCursor.of(found.getLast())) : Optional.empty(),
                offset == 0 || found.isEmpty() ? Optional.empty() : Optional.of(CallCursor.of(found.getFirst())));
    }

    private static String where(OrganizationId organization, CallFilter filter, List<Object> params) {
        StringBuilder where = new StringBuilder("organization_id = ?");
        params.add(organization.value());
        if (filter.platform() != null) {
            where.append(" AND platform = ?");
            params.add(filter.platform());
        }
        if (filter.from() != null) {
            where.append(" AND started_at >= ?");
            params.add(filter.from().atOffset(ZoneOffset.UTC));
        }
        if (filter.to() != null) {
            where.append(" AND started_at < ?");
            params.add(filter.to().atOffset(ZoneOffset.UTC));
        }
        if (filter.participant() != null) {
            // the customer's text is matched literally: LIKE's wildcards and escape are escaped
            where.append(" AND participant_search LIKE lower(?)");
            params.add("%" + filter.participant().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (filter.hasTranscript() != null) {
            where.append(" AND has_transcript = ?");
            params.add(filter.hasTranscript());
        }
        if (filter.hasRecording() != null) {
            where.append(" AND has_recording = ?");
            params.add(filter.hasRecording());
        }
        if (filter.connectionId() != null) {
            where.append(" AND connection_id = ?");
            params.add(filter.connectionId());
        }
        if (filter.runId() != null) {
            where.append(" AND (first_run_id = ? OR last_run_id = ?)");
            params.add(filter.runId());
            params.add(filter.runId());
        }
        return where.toString();
    }

    private StoredCall call(ResultSet rs, int row) throws SQLException {
        String sha = rs.getString("recording_sha256");
        StoredCall.Recording recording = sha == null ? null : new StoredCall.Recording(rs.getString("recording_key"),
                rs.getString("recording_media_type"), rs.getLong("recording_bytes"), sha);
        return new StoredCall(
                rs.getObject("id", UUID.class),
                rs.getObject("connection_id", UUID.class),
                rs.getString("platform"),
                rs.getString("vendor_call_id"),
                rs.getString("title"),
                rs.getTimestamp("started_at").toInstant(),
                rs.getLong("duration_ms"),
                rs.getString("direction"),
                json.readValue(rs.getString("participants"), PARTICIPANTS),
                json.readValue(rs.getString("transcript"), TRANSCRIPT),
                recording,
                recording != null ? StoredCall.RecordingStatus.STORED
                        : rs.getString("recording_missing_reason") != null ? StoredCall.RecordingStatus.MISSING
                        : StoredCall.RecordingStatus.NONE,
                rs.getString("recording_missing_reason"),
                rs.getString("transcript_status"),
                rs.getString("transcript_reason"),
                rs.getString("raw_metadata"),
                rs.getTimestamp("imported_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
