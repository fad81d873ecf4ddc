-- Tenancy: every row below belongs to one organization.
CREATE TABLE organizations (
    id          uuid PRIMARY KEY,
    name        text        NOT NULL,
    created_at  timestamptz NOT NULL
);

CREATE TABLE api_tokens (
    id              uuid PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    token_sha256    bytea       NOT NULL UNIQUE,
    label           text        NOT NULL,
    created_at      timestamptz NOT NULL
);

CREATE TABLE connections (
    id                  uuid PRIMARY KEY,
    organization_id     uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    platform            text        NOT NULL,
    name                text        NOT NULL,
    -- Tink AEAD ciphertext of the credential map; the key id travels in its prefix
    credentials_sealed  bytea       NOT NULL,
    settings            jsonb       NOT NULL,
    status              text        NOT NULL,
    status_detail       text,
    checked_at          timestamptz,
    created_at          timestamptz NOT NULL
);
CREATE INDEX connections_by_organization ON connections (organization_id);

CREATE TABLE import_runs (
    id              uuid PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    connection_id   uuid        NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    window_from     timestamptz NOT NULL,
    window_to       timestamptz NOT NULL,
    state           text        NOT NULL,
    state_reason    text,
    expected_calls  bigint,
    listed_calls    bigint      NOT NULL DEFAULT 0,
    imported_calls  bigint      NOT NULL DEFAULT 0,
    updated_calls   bigint      NOT NULL DEFAULT 0,
    unchanged_calls bigint      NOT NULL DEFAULT 0,
    skipped_calls   bigint      NOT NULL DEFAULT 0,
    failed_calls    bigint      NOT NULL DEFAULT 0,
    rate_limit_waits bigint     NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL,
    started_at      timestamptz,
    running_since   timestamptz,
    running_seconds double precision NOT NULL DEFAULT 0,
    finished_at     timestamptz
);
CREATE INDEX import_runs_by_organization ON import_runs (organization_id, created_at DESC);
CREATE INDEX import_runs_by_connection ON import_runs (connection_id);

-- A run is split into slices of its window so that several workers can share it; each slice keeps
-- its own checkpoint, advanced only in the transaction that stores the page it follows.
CREATE TABLE import_slices (
    id           uuid PRIMARY KEY,
    run_id       uuid        NOT NULL REFERENCES import_runs (id) ON DELETE CASCADE,
    window_from  timestamptz NOT NULL,
    window_to    timestamptz NOT NULL,
    state        text        NOT NULL,
    position     text        NOT NULL,
    pages_done   integer     NOT NULL DEFAULT 0,
    worker       text,
    updated_at   timestamptz NOT NULL
);
CREATE INDEX import_slices_by_run ON import_slices (run_id, state);

-- Calls a run skipped on purpose or could not import, each with the reason; one row per call and kind.
CREATE TABLE import_exclusions (
    run_id         uuid        NOT NULL REFERENCES import_runs (id) ON DELETE CASCADE,
    vendor_call_id text        NOT NULL,
    kind           text        NOT NULL CHECK (kind IN ('SKIPPED', 'FAILED')),
    reason         text        NOT NULL,
    recorded_at    timestamptz NOT NULL,
    PRIMARY KEY (run_id, vendor_call_id, kind)
);

CREATE TABLE import_events (
    id          bigserial PRIMARY KEY,
    run_id      uuid        NOT NULL REFERENCES import_runs (id) ON DELETE CASCADE,
    occurred_at timestamptz NOT NULL,
    kind        text        NOT NULL,
    message     text        NOT NULL
);
CREATE INDEX import_events_by_run ON import_events (run_id, id);

-- Imported calls in one platform-neutral shape; (organization, platform, vendor call id) is the identity.
CREATE TABLE calls (
    id                   uuid PRIMARY KEY,
    organization_id      uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    connection_id        uuid        NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    platform             text        NOT NULL,
    vendor_call_id       text        NOT NULL,
    title                text,
    started_at           timestamptz NOT NULL,
    duration_ms          bigint      NOT NULL,
    direction            text        NOT NULL,
    participants         jsonb       NOT NULL,
    transcript           jsonb       NOT NULL,
    recording_key        text,
    recording_media_type text,
    recording_bytes      bigint,
    recording_sha256     text,
    raw_metadata         jsonb       NOT NULL,
    content_hash         text        NOT NULL,
    first_run_id         uuid,
    last_run_id          uuid,
    imported_at          timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    CONSTRAINT calls_identity UNIQUE (organization_id, platform, vendor_call_id)
);
CREATE INDEX calls_by_connection ON calls (connection_id, started_at DESC);
CREATE INDEX calls_by_last_run ON calls (last_run_id);
CREATE INDEX calls_by_first_run ON calls (first_run_id);

-- Bucket4j's shared rate budgets, one row per vendor account.
CREATE TABLE rate_budgets (
    id    bigint PRIMARY KEY,
    state bytea
);
