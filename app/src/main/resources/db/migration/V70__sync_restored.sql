-- When the connection last worked again after failing: passes that failed before then no longer make the sync FAILING.
ALTER TABLE sync_schedules ADD COLUMN restored_at timestamptz;
