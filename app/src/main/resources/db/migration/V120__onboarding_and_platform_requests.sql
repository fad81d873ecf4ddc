-- The organization's answer to "Are you coming from another platform?"; no row means not asked yet, and
-- reopening the question removes the row. answered_by is the person (users.id) who answered, kept without a
-- foreign key so that removing a person keeps the organization's answer.
CREATE TABLE onboarding_answers (
    organization_id   uuid PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
    coming_from_other boolean     NOT NULL,
    answered_by       uuid,
    answered_at       timestamptz NOT NULL
);

-- "Ask us for it": a customer asking for a platform we do not support yet, one request per organization and
-- platform (asking again keeps the first request). Staff list them per platform to decide what to build next.
CREATE TABLE platform_requests (
    id                 uuid PRIMARY KEY,
    organization_id    uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    platform           text        NOT NULL,
    requested_by       uuid,
    requested_by_email text        NOT NULL,
    note               text,
    requested_at       timestamptz NOT NULL,
    UNIQUE (organization_id, platform)
);

CREATE INDEX platform_requests_by_platform ON platform_requests (platform, requested_at);
