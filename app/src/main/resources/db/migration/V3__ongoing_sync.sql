-- A run is a one-off backfill of a window, or one pass of a connection's ongoing sync.
ALTER TABLE import_runs ADD COLUMN kind text NOT NULL DEFAULT 'BACKFILL' CHECK (kind IN ('BACKFILL', 'SYNC'));
CREATE INDEX import_runs_by_connection_kind ON import_runs (connection_id, kind, state);

-- Connections whose calls keep flowing in; the recurring job itself lives in JobRunr's tables.
CREATE TABLE sync_schedules (
    connection_id   uuid PRIMARY KEY REFERENCES connections (id) ON DELETE CASCADE,
    organization_id uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    frequency       text        NOT NULL,
    paused          boolean     NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
