-- "Your calls": one index per filter a customer narrows the list by, each ending in (started_at DESC, id DESC)
-- so that a filtered page is read in order straight from the index and the next page seeks past the
-- previous page's last row instead of counting an offset.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- derived by PostgreSQL on every write, so no writer (import, transcription, recording retry) can forget them
ALTER TABLE calls
    ADD COLUMN has_transcript boolean GENERATED ALWAYS AS (jsonb_array_length(transcript) > 0) STORED,
    ADD COLUMN has_recording boolean GENERATED ALWAYS AS (recording_sha256 IS NOT NULL) STORED,
    -- participants' names and emails, lower-cased, for "participant contains ..." (a trigram index makes a substring fast)
    ADD COLUMN participant_search text GENERATED ALWAYS AS (lower(
        jsonb_path_query_array(participants, '$[*].name')::text || ' '
        || jsonb_path_query_array(participants, '$[*].email')::text)) STORED;

CREATE INDEX calls_listing ON calls (organization_id, started_at DESC, id DESC);
CREATE INDEX calls_listing_by_platform ON calls (organization_id, platform, started_at DESC, id DESC);
-- the index above also serves the count of a platform's calls in a window, which this one was for
DROP INDEX IF EXISTS calls_by_organization_platform_start;
CREATE INDEX calls_listing_by_transcript ON calls (organization_id, has_transcript, started_at DESC, id DESC);
CREATE INDEX calls_listing_by_recording ON calls (organization_id, has_recording, started_at DESC, id DESC);
CREATE INDEX calls_listing_by_participant ON calls USING gin (participant_search gin_trgm_ops);
