-- Stripe balance transactions the books could not take as they are (settled in another currency than the
-- server's, with no exchange rate to convert by): kept here, visibly, until the operator books them. The event
-- that brought them is applied all the same, so the membership and the payment are never lost with them.
CREATE TABLE stripe_unbooked
(
    instance_id  bigint                   NOT NULL REFERENCES instance (id),
    source_key   varchar(200)             NOT NULL,
    charge_id    varchar(255)             NOT NULL,
    kind         varchar(20)              NOT NULL,
    description  varchar(200)             NOT NULL,
    amount_minor bigint                   NOT NULL,
    currency     char(3)                  NOT NULL,
    created_at   timestamp with time zone NOT NULL,
    booked_at    timestamp with time zone,
    PRIMARY KEY (instance_id, source_key)
);

-- A charge once refunded keeps being read for its refunds: a refund that fails later lowers amount_refunded
-- again, and its failure must still be booked.
ALTER TABLE payment ADD COLUMN refund_seen boolean NOT NULL DEFAULT false;
UPDATE payment SET refund_seen = true WHERE amount_refunded_minor > 0;
