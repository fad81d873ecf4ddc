-- "Forgot your password?": a single-use link by email. Only the token's SHA-256 is stored; a link works once,
-- for an hour, and asking again replaces the previous link.
CREATE TABLE password_resets (
    id           uuid PRIMARY KEY,
    user_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_sha256 bytea       NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz,
    replaced_at  timestamptz
);

CREATE INDEX password_resets_user ON password_resets (user_id, created_at DESC);
