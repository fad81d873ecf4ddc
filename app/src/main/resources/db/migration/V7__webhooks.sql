-- A connection whose sync is near real-time keeps one vendor webhook subscription. The row is the wish
-- and its current state; each (re)subscription gets a fresh address and a fresh verification token, of
-- which only the SHA-256 is kept: the vendor presents the token, we compare hashes.
CREATE TABLE webhook_subscriptions (
    connection_id          uuid PRIMARY KEY REFERENCES connections (id) ON DELETE CASCADE,
    organization_id        uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    address_id             uuid        NOT NULL UNIQUE,
    token_sha256           bytea       NOT NULL,
    state                  text        NOT NULL CHECK (state IN ('SUBSCRIBING', 'ACTIVE', 'FAILING')),
    vendor_subscription_id text,
    granted_at             timestamptz,
    expires_at             timestamptz,
    last_notification_at   timestamptz,
    last_error             text,
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL
);

-- Every authentic notification, once: the key refuses a replay, the row is the inbox from which the calls
-- it names are fetched (right away, and again by the sweep after a crash or while the vendor lags).
CREATE TABLE webhook_deliveries (
    connection_id   uuid        NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    delivery_id     text        NOT NULL,
    organization_id uuid        NOT NULL,
    affected_calls  text[]      NOT NULL,
    sent_at         timestamptz NOT NULL,
    received_at     timestamptz NOT NULL,
    state           text        NOT NULL CHECK (state IN ('PENDING', 'DONE', 'FAILED')),
    attempts        integer     NOT NULL DEFAULT 0,
    due_at          timestamptz NOT NULL,
    claimed_until   timestamptz,
    imported        integer     NOT NULL DEFAULT 0,
    updated         integer     NOT NULL DEFAULT 0,
    failed          integer     NOT NULL DEFAULT 0,
    outcome         text,
    finished_at     timestamptz,
    PRIMARY KEY (connection_id, delivery_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (due_at) WHERE state = 'PENDING';
CREATE INDEX webhook_deliveries_received ON webhook_deliveries (received_at);

-- why the latest pass could not even start (the vendor refused the count); kept here, not in one instance's memory
ALTER TABLE sync_schedules ADD COLUMN last_pass_error text;
