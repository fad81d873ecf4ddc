-- A vendor's 429 holds the account's budget until its Retry-After, on every instance, and eases its pace
-- (see docs/adr/0007); the key is the one of the account's row in rate_budgets.
CREATE TABLE rate_budget_holds (
    id            bigint PRIMARY KEY,
    blocked_until timestamptz      NOT NULL,
    pace          double precision NOT NULL,
    refused_at    timestamptz      NOT NULL,
    version       bigint           NOT NULL
);
