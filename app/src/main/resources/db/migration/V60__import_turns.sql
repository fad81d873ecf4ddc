-- A turn is one slice's place in the job queue (queued or running): organizations get a fair share of
-- the workers by holding a bounded number of turns, passed on page by page when others wait (ADR 0007).
CREATE TABLE import_turns (
    slice_id        uuid PRIMARY KEY REFERENCES import_slices (id) ON DELETE CASCADE,
    run_id          uuid        NOT NULL REFERENCES import_runs (id) ON DELETE CASCADE,
    organization_id uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    job_id          uuid        NOT NULL UNIQUE,
    granted_at      timestamptz NOT NULL,
    started_at      timestamptz
);
CREATE INDEX import_turns_by_organization ON import_turns (organization_id);
CREATE INDEX import_turns_by_run ON import_turns (run_id);
CREATE INDEX import_turns_waiting ON import_turns (granted_at) WHERE started_at IS NULL;

-- Within an organization the next turn goes to the run that has waited longest for one.
ALTER TABLE import_runs ADD COLUMN last_turn_at timestamptz;
