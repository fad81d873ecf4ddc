-- A customer's OAuth sign-in in flight: created when the authorization URL is handed out, consumed
-- once by the vendor's redirect back (the state is the key), gone after ten minutes either way.
CREATE TABLE oauth_sign_ins (
    state           text PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    platform        text        NOT NULL,
    connection_id   uuid REFERENCES connections (id) ON DELETE CASCADE,
    connection_name text,
    settings        jsonb       NOT NULL,
    code_verifier   text,
    redirect_uri    text        NOT NULL,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL
);
