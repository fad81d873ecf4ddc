-- Events out (ADR 0019): a transactional outbox written with the call, a feed position given once committed,
-- one delivery per endpoint, each attempt logged.
CREATE SEQUENCE event_positions;

CREATE TABLE events (
    id              uuid PRIMARY KEY,
    -- insertion order: a later change of the same call is inserted after the earlier one committed (the call's row lock)
    seq             bigserial   NOT NULL,
    organization_id uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    type            text        NOT NULL,
    -- the call, run or connection the event is about: deliveries keep their order per subject
    subject_id      uuid        NOT NULL,
    payload         jsonb       NOT NULL,
    created_at      timestamptz NOT NULL,
    -- the feed's cursor; given by one sequencer at a time to committed events only, so it never skips one
    position        bigint UNIQUE
);
CREATE INDEX events_unsequenced ON events (seq) WHERE position IS NULL;
CREATE INDEX events_feed ON events (organization_id, position) WHERE position IS NOT NULL;

CREATE TABLE event_endpoints (
    id              uuid PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    url             text        NOT NULL,
    description     text,
    event_types     text[]      NOT NULL,
    sealed_secret   bytea       NOT NULL,
    enabled         boolean     NOT NULL DEFAULT true,
    disabled_reason text,
    failing_since   timestamptz,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX event_endpoints_by_organization ON event_endpoints (organization_id);

CREATE TABLE event_deliveries (
    id              uuid PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    endpoint_id     uuid        NOT NULL REFERENCES event_endpoints (id) ON DELETE CASCADE,
    event_id        uuid        NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    position        bigint      NOT NULL,
    subject_id      uuid        NOT NULL,
    state           text        NOT NULL CHECK (state IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    leased_until    timestamptz,
    last_status     int,
    last_error      text,
    last_attempt_at timestamptz,
    delivered_at    timestamptz,
    created_at      timestamptz NOT NULL,
    CONSTRAINT event_deliveries_once UNIQUE (endpoint_id, event_id)
);
CREATE INDEX event_deliveries_due ON event_deliveries (endpoint_id, position) WHERE state = 'PENDING';
CREATE INDEX event_deliveries_queue ON event_deliveries (endpoint_id, subject_id, position) WHERE state = 'PENDING';
CREATE INDEX event_deliveries_log ON event_deliveries (endpoint_id, position DESC);

CREATE TABLE event_delivery_attempts (
    id          bigserial PRIMARY KEY,
    delivery_id uuid        NOT NULL REFERENCES event_deliveries (id) ON DELETE CASCADE,
    at          timestamptz NOT NULL,
    status      int,
    error       text,
    millis      bigint      NOT NULL
);
CREATE INDEX event_delivery_attempts_by_delivery ON event_delivery_attempts (delivery_id, at);

-- The same conversation brought by two sources: the later call is linked to the earlier one, with the evidence.
-- An undone link stays, so that the matcher never makes it again.
CREATE TABLE same_conversation_links (
    id              uuid PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    primary_call_id uuid        NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    linked_call_id  uuid        NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    evidence        jsonb       NOT NULL,
    created_at      timestamptz NOT NULL,
    undone_at       timestamptz,
    CONSTRAINT same_conversation_pair UNIQUE (primary_call_id, linked_call_id)
);
CREATE UNIQUE INDEX same_conversation_linked_once ON same_conversation_links (linked_call_id) WHERE undone_at IS NULL;
CREATE INDEX same_conversation_by_primary ON same_conversation_links (primary_call_id) WHERE undone_at IS NULL;
