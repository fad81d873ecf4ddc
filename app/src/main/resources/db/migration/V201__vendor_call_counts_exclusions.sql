-- What the connection's settings leave out of a counted window, kept beside the count so that confirming an import
-- soon after its preview is priced from that preview without asking the vendor again.
ALTER TABLE vendor_call_counts
    ADD COLUMN excluded_calls   bigint[] NOT NULL DEFAULT '{}',
    ADD COLUMN excluded_reasons text[]   NOT NULL DEFAULT '{}';
