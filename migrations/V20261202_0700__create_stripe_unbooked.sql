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

-- Which charge paid which invoice of a subscription, and the period it paid for: a refund or dispute ends a
-- membership only when it hits the charge that paid the current period (not an older one, nor a proration).
CREATE TABLE stripe_paid_invoice
(
    instance_id     bigint                   NOT NULL REFERENCES instance (id),
    invoice_id      varchar(255)             NOT NULL,
    subscription_id varchar(255)             NOT NULL,
    charge_id       varchar(255)             NOT NULL,
    billing_reason  varchar(50),
    period_end      timestamp with time zone NOT NULL,
    PRIMARY KEY (instance_id, invoice_id)
);
CREATE INDEX stripe_paid_invoice_charge_idx ON stripe_paid_invoice (instance_id, charge_id);
