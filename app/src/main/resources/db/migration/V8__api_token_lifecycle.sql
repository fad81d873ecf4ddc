-- API tokens get a lifecycle: named, several per organization, last use recorded, optional expiry,
-- revocable at once. An organization can be disabled (its tokens stop working) before it is deleted.
ALTER TABLE api_tokens RENAME COLUMN label TO name;
ALTER TABLE api_tokens ADD COLUMN last_used_at timestamptz;
ALTER TABLE api_tokens ADD COLUMN expires_at   timestamptz;
ALTER TABLE api_tokens ADD COLUMN revoked_at   timestamptz;
CREATE INDEX api_tokens_by_organization ON api_tokens (organization_id, created_at);

ALTER TABLE organizations ADD COLUMN disabled_at timestamptz;
