-- Every worker that committed a page of a slice, not just the last: shows that instances shared a run.
ALTER TABLE import_slices ADD COLUMN workers text[] NOT NULL DEFAULT '{}';
