-- The estimator reads a platform's latest successful runs on every progress read (once a second per followed run)
-- and every preview; without this index each read scanned every run ever made, hourly syncs included.
CREATE INDEX import_runs_recent_succeeded ON import_runs (finished_at DESC) WHERE state = 'SUCCEEDED' AND listed_calls > 0;
