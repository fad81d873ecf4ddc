-- The vendor's count of a connection's calls in a window, as a preview last asked for it: a run created soon
-- after over the same window reuses it instead of asking the vendor again.
CREATE TABLE vendor_call_counts (
    connection_id uuid        NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    window_from   timestamptz NOT NULL,
    window_to     timestamptz NOT NULL,
    calls         bigint      NOT NULL,
    exact         boolean     NOT NULL,
    counted_at    timestamptz NOT NULL,
    PRIMARY KEY (connection_id, window_from, window_to)
);
