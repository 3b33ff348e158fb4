-- A supporter's attempt to give or join, written before Stripe is called; its id travels to Stripe as the
-- client reference and the idempotency key, so a retry or a double click finds this row, not a second session.
CREATE TABLE checkout
(
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    instance_id        bigint                   NOT NULL REFERENCES instance (id),
    supporter_id       bigint                   NOT NULL REFERENCES supporter (id),
    tier_id            bigint,
    frequency          varchar(10)              NOT NULL CHECK (frequency IN ('ONCE', 'MONTH', 'YEAR')),
    amount_minor       bigint                   NOT NULL CHECK (amount_minor > 0),
    currency           char(3)                  NOT NULL,
    status             varchar(20)              NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'COMPLETED', 'EXPIRED')),
    stripe_session_id  varchar(255) UNIQUE,
    stripe_session_url varchar(2000),
    created_at         timestamp with time zone NOT NULL,
    expires_at         timestamp with time zone NOT NULL,
    -- A tier somebody started to join cannot be deleted, only archived.
    FOREIGN KEY (instance_id, tier_id) REFERENCES tier (instance_id, id) ON DELETE RESTRICT,
    CHECK (tier_id IS NOT NULL OR frequency IS NOT NULL)
);
-- At most one open checkout per supporter and choice: the second tab or click finds the first.
CREATE UNIQUE INDEX checkout_one_open_idx ON checkout (instance_id, supporter_id, COALESCE(tier_id, 0), frequency,
    amount_minor) WHERE status = 'OPEN';
