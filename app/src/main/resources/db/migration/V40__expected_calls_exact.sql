-- Whether a run's expected_calls is the vendor's exact count or only a lower bound ("at least"): a percent is shown only on an exact one.
ALTER TABLE import_runs ADD COLUMN expected_calls_exact boolean NOT NULL DEFAULT true;
