-- Each organization's monthly dialer usage statement, claimed here before it is emailed so that it goes out once
-- whichever instance runs the job; its figures stay as they were sent.
CREATE TABLE dialer_usage_statements (
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    month           date NOT NULL,
    calls           bigint NOT NULL CHECK (calls > 0),
    amount          numeric NOT NULL,
    currency        text NOT NULL,
    sent_at         timestamptz NOT NULL,
    PRIMARY KEY (organization_id, month)
);
