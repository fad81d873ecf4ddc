-- The people who sign in to the web app. An email belongs to one person in one organization; it is kept
-- as typed (for display) and matched without regard to case.
CREATE TABLE users (
    id              uuid PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email           text        NOT NULL,
    password_hash   text        NOT NULL,
    role            text        NOT NULL CHECK (role IN ('OWNER', 'ADMIN', 'MEMBER')),
    import_emails   boolean     NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL
);

CREATE UNIQUE INDEX users_email ON users (lower(email));
CREATE INDEX users_organization ON users (organization_id);
