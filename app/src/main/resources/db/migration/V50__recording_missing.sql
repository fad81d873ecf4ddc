-- A call whose recording could not be had is stored anyway, with why, and its recording is fetched again later.
ALTER TABLE calls ADD COLUMN recording_missing_reason text;
ALTER TABLE calls ADD COLUMN recording_retry_after timestamptz;
ALTER TABLE calls ADD COLUMN recording_attempts integer NOT NULL DEFAULT 0;
CREATE INDEX calls_recording_missing ON calls (recording_retry_after) WHERE recording_missing_reason IS NOT NULL;
