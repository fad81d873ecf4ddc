-- Per call: where its transcript comes from, and why (the vendor's, ours, or still to come).
ALTER TABLE calls ADD COLUMN transcript_status text NOT NULL DEFAULT 'SOURCE'
    CHECK (transcript_status IN ('SOURCE', 'TRANSCRIBED', 'AWAITING_TRANSCRIPTION', 'NONE'));
ALTER TABLE calls ADD COLUMN transcript_reason text;
-- a failed transcription waits until then before it is tried again, so one bad call never blocks the queue
ALTER TABLE calls ADD COLUMN transcribe_after timestamptz;
CREATE INDEX calls_awaiting_transcription ON calls (organization_id) WHERE transcript_status = 'AWAITING_TRANSCRIPTION';
