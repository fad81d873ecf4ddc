-- The plan decides an organization's free import allowance (callimport.pricing.free-calls-by-plan).
ALTER TABLE organizations ADD COLUMN plan text NOT NULL DEFAULT 'standard';
CREATE INDEX calls_by_organization_platform_start ON calls (organization_id, platform, started_at);
