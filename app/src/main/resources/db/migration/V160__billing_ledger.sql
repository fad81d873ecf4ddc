-- Checkout and the billing ledger (ADR 0020). Money is in minor units of the currency (cents for USD), never floating.

-- How an organization pays for billable imports: 'card' (self-service checkout) or 'invoice' (sales-assisted).
ALTER TABLE organizations ADD COLUMN billing_method text NOT NULL DEFAULT 'card'
    CHECK (billing_method IN ('card', 'invoice'));

-- The free allowance and how much of it is taken: one row per organization, updated under its row lock so that
-- concurrent imports on any instance consume it exactly once.
CREATE TABLE billing_allowances (
    organization_id uuid PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
    free_calls      bigint NOT NULL CHECK (free_calls >= 0),
    used_calls      bigint NOT NULL CHECK (used_calls >= 0 AND used_calls <= free_calls)
);

-- A quote as accepted: its frozen prices, the free calls it reserved, the payment that covers it and the run it starts.
CREATE TABLE import_checkouts (
    id                 uuid PRIMARY KEY,
    organization_id    uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    attempt_key        text NOT NULL,
    connection_id      uuid NOT NULL,
    window_from        timestamptz NOT NULL,
    window_to          timestamptz NOT NULL,
    platform           text NOT NULL,
    quoted_calls       bigint NOT NULL CHECK (quoted_calls >= 0),
    at_least           boolean NOT NULL,
    free_calls         bigint NOT NULL CHECK (free_calls >= 0),
    billable_calls     bigint NOT NULL CHECK (billable_calls >= 0),
    price_steps        text NOT NULL,
    currency           text NOT NULL,
    amount_minor       bigint NOT NULL CHECK (amount_minor >= 0),
    method             text NOT NULL,
    state              text NOT NULL,
    problem            text,
    payment_reference  text,
    run_id             uuid,
    started_by_user_id uuid,
    billed_calls       bigint,
    billed_minor       bigint,
    credit_applied_minor bigint,
    captured_minor     bigint,
    created_at         timestamptz NOT NULL,
    expires_at         timestamptz NOT NULL,
    paid_at            timestamptz,
    settled_at         timestamptz,
    UNIQUE (organization_id, attempt_key)
);
CREATE UNIQUE INDEX import_checkouts_reference ON import_checkouts (method, payment_reference) WHERE payment_reference IS NOT NULL;
CREATE UNIQUE INDEX import_checkouts_run ON import_checkouts (run_id) WHERE run_id IS NOT NULL;
CREATE INDEX import_checkouts_open ON import_checkouts (state) WHERE state IN ('AWAITING_PAYMENT', 'PAID', 'SETTLING');

-- Every movement of money, append-only; entry_key makes each write idempotent.
CREATE TABLE billing_entries (
    id              bigserial PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    kind            text NOT NULL CHECK (kind IN ('BILLED', 'PAYMENT', 'REFUND', 'CREDIT_ISSUED', 'CREDIT_APPLIED', 'USAGE')),
    amount_minor    bigint NOT NULL CHECK (amount_minor >= 0),
    currency        text NOT NULL,
    calls           bigint,
    checkout_id     uuid,
    run_id          uuid,
    description     text NOT NULL,
    entry_key       text NOT NULL UNIQUE,
    recorded_by     text,
    recorded_at     timestamptz NOT NULL
);
CREATE INDEX billing_entries_organization ON billing_entries (organization_id, id);

-- Payment providers' webhook events already processed (they retry and may reorder; each is applied once).
CREATE TABLE payment_events (
    provider    text NOT NULL,
    event_id    text NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (provider, event_id)
);
