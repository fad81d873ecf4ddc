-- The vendor requests a run's workers have sent, saved about once a second: a budget-bound run's time left is
-- estimated on them, as its calls are counted only when a whole page is committed.
ALTER TABLE import_runs ADD COLUMN vendor_requests bigint NOT NULL DEFAULT 0;
