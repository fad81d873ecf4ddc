-- Where a sign-in started from a page sends the browser back to ({connection} is replaced by the connection's id);
-- null for sign-ins started through the API, which answer with a plain page.
ALTER TABLE oauth_sign_ins ADD COLUMN return_to text;

-- When the vendor's grant behind a signed-in connection ends unless it is used (a refresh token's end of life,
-- pushed out by each refresh where the vendor rotates them); null when the vendor did not say.
ALTER TABLE connections ADD COLUMN grant_expires_at timestamptz;

-- Health alerts: at most one open alert per connection and cause, whichever instance finds it first; the
-- instance that opens it (or claims its daily reminder, or resolves it) is the only one that notifies.
CREATE TABLE alerts (
    id               uuid PRIMARY KEY,
    organization_id  uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    connection_id    uuid        NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    cause            text        NOT NULL,
    detail           text        NOT NULL,
    fix_path         text        NOT NULL,
    opened_at        timestamptz NOT NULL,
    last_seen_at     timestamptz NOT NULL,
    last_notified_at timestamptz NOT NULL,
    notifications    integer     NOT NULL DEFAULT 1,
    resolved_at      timestamptz
);
CREATE UNIQUE INDEX alerts_one_open_per_cause ON alerts (connection_id, cause) WHERE resolved_at IS NULL;
CREATE INDEX alerts_by_organization ON alerts (organization_id, opened_at DESC);
