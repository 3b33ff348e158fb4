-- A server's Stripe account: keys sealed with the master key, the mode they are for, and what the last check
-- learned (the account id and the currency Stripe settles in).
CREATE TABLE stripe_account
(
    instance_id           bigint PRIMARY KEY REFERENCES instance (id),
    secret_key_sealed     text                     NOT NULL,
    webhook_secret_sealed text,
    livemode              boolean                  NOT NULL,
    account_id            varchar(100),
    settlement_currency   char(3),
    checked_at            timestamp with time zone,
    updated_at            timestamp with time zone NOT NULL
);

-- Every Stripe event Upkeep accepted, stored under its id in the transaction that answers Stripe, then
-- applied by a worker. A redelivered event finds its row and changes nothing.
CREATE TABLE stripe_event
(
    instance_id     bigint                   NOT NULL REFERENCES instance (id),
    event_id        varchar(255)             NOT NULL,
    type            varchar(100)             NOT NULL,
    api_version     varchar(50),
    livemode        boolean                  NOT NULL,
    stripe_created  timestamp with time zone NOT NULL,
    payload         text                     NOT NULL,
    received_at     timestamp with time zone NOT NULL,
    status          varchar(20)              NOT NULL DEFAULT 'PENDING'
        CHECK (status IN ('PENDING', 'APPLIED', 'IGNORED', 'FAILED')),
    attempts        int                      NOT NULL DEFAULT 0,
    next_attempt_at timestamp with time zone NOT NULL,
    last_error      varchar(500),
    PRIMARY KEY (instance_id, event_id)
);
CREATE INDEX stripe_event_due_idx ON stripe_event (next_attempt_at) WHERE status = 'PENDING';
