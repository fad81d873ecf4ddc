-- Staff: the operator's own people (CSMs, RevOps) who see every organization in the staff console. A flag on a
-- person rather than a fourth role, because a role is what someone may do inside their own organization.
ALTER TABLE users ADD COLUMN staff boolean NOT NULL DEFAULT false;

-- The CSM an organization is assigned to: alerts about its connections reach them as well as its admins.
ALTER TABLE organizations ADD COLUMN csm_user_id uuid REFERENCES users (id) ON DELETE SET NULL;

-- What staff did, kept for as long as the organizations it touched: who, what, to whom, when, and the detail.
CREATE TABLE staff_actions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    staff_user_id   uuid        REFERENCES users (id) ON DELETE SET NULL,
    staff_email     text        NOT NULL,
    action          text        NOT NULL,
    organization_id uuid        REFERENCES organizations (id) ON DELETE SET NULL,
    detail          text        NOT NULL DEFAULT '',
    at              timestamptz NOT NULL
);

CREATE INDEX staff_actions_at ON staff_actions (at DESC);
CREATE INDEX staff_actions_organization ON staff_actions (organization_id, at DESC);
