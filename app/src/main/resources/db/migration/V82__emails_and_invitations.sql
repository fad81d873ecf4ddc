-- Every email the service sends a customer, with how it went: over SMTP, or kept here when no mail server
-- is configured (the embedded default), where the organization's owners and admins read it on the Outbox page.
CREATE TABLE emails (
    id              uuid PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    recipient       text        NOT NULL,
    subject         text        NOT NULL,
    text_body       text        NOT NULL,
    html_body       text        NOT NULL,
    link            text,
    delivery        text        NOT NULL CHECK (delivery IN ('SENT', 'OUTBOX', 'FAILED')),
    failure         text,
    created_at      timestamptz NOT NULL
);

CREATE INDEX emails_organization ON emails (organization_id, created_at DESC);

-- An invitation to join an organization, by an emailed link. Only the token's SHA-256 is stored; a token
-- works once, until it expires.
CREATE TABLE invitations (
    id              uuid PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email           text        NOT NULL,
    role            text        NOT NULL CHECK (role IN ('ADMIN', 'MEMBER')),
    token_sha256    bytea       NOT NULL UNIQUE,
    invited_by      uuid        REFERENCES users (id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    accepted_at     timestamptz,
    revoked_at      timestamptz
);

CREATE INDEX invitations_organization ON invitations (organization_id, created_at);

-- Bucket4j's sign-in throttle: one row per (email, address) that tried to sign in recently.
CREATE TABLE sign_in_attempts (
    id    bigint PRIMARY KEY,
    state bytea
);
