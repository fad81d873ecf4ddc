-- Whether a run's expected_calls is the vendor's exact count or only a lower bound ("at least"): a percent is shown only on an exact one.
ALTER TABLE import_runs ADD COLUMN expected_calls_exact boolean NOT NULL DEFAULT true;
-- The per-call vendor requests the count saw (e.g. recordings to download), so the time left is modelled on them.
ALTER TABLE import_runs ADD COLUMN expected_call_requests bigint;
-- A preview's remembered count keeps the per-call requests it saw, for a run that reuses it.
ALTER TABLE vendor_call_counts ADD COLUMN call_requests bigint;
