-- Who started a run in the web app: the person its emails go to. Null for runs started with an API token or by
-- a sync schedule, which send none.
ALTER TABLE import_runs ADD COLUMN started_by_user_id uuid REFERENCES users (id) ON DELETE SET NULL;

-- One row per run outcome a customer hears about (completed, failed, paused for them to act), keyed by the event
-- that recorded it, so that an outcome is emailed once whichever instance and however many retries handle it.
CREATE TABLE import_emails (
    event_id        bigint      PRIMARY KEY REFERENCES import_events (id) ON DELETE CASCADE,
    run_id          uuid        NOT NULL REFERENCES import_runs (id) ON DELETE CASCADE,
    organization_id uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    outcome         text        NOT NULL CHECK (outcome IN ('SUCCEEDED', 'FAILED', 'PAUSED')),
    state           text        NOT NULL CHECK (state IN ('PENDING', 'SENDING', 'SENT', 'NOT_SENT')),
    recipient       text,
    subject         text,
    -- NOT_SENT: why (nobody to send it to, emails turned off); SENT: how it went out (SMTP or the outbox)
    detail          text,
    created_at      timestamptz NOT NULL,
    sent_at         timestamptz
);
CREATE INDEX import_emails_waiting ON import_emails (created_at) WHERE state = 'PENDING';
