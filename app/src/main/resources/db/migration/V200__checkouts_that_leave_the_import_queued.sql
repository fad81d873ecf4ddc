-- An import asked for through the API with "start": false is paid (or covered) at once but waits for its own start:
-- the reconciliation must not start it as it starts a paid import a crash left unstarted.
ALTER TABLE import_checkouts ADD COLUMN start_when_paid boolean NOT NULL DEFAULT true;
