-- A server's grace settings (DESIGN.md section 6). No row: the defaults.
CREATE TABLE membership_policy
(
    instance_id           bigint PRIMARY KEY REFERENCES instance (id),
    grace_days            int     NOT NULL CHECK (grace_days BETWEEN 0 AND 90),
    refund_ends_at_once   boolean NOT NULL,
    dispute_ends_at_once  boolean NOT NULL
);

-- A supporter's recurring support: a paid tier, a recurring donation (no tier), or a complimentary membership
-- an operator granted. The stripe_* columns are the last subscription Stripe showed; state is derived from
-- them, the periods paid for and the latest charge, so events applied in any order end in the same state.
CREATE TABLE membership
(
    id                        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    instance_id               bigint                   NOT NULL REFERENCES instance (id),
    supporter_id              bigint                   NOT NULL REFERENCES supporter (id),
    tier_id                   bigint,
    frequency                 varchar(10) CHECK (frequency IN ('MONTH', 'YEAR')),
    amount_minor              bigint CHECK (amount_minor >= 0),
    currency                  char(3),
    state                     varchar(20)              NOT NULL CHECK (state IN ('PENDING', 'ACTIVE', 'PAST_DUE',
        'CANCELLED', 'LAPSED', 'COMPLIMENTARY', 'REFUNDED', 'DISPUTED', 'ENDED')),
    paid_through              timestamp with time zone,
    -- The paid-through date last announced (activated or renewed), so each period is announced once.
    announced_through         timestamp with time zone,
    complimentary_until       timestamp with time zone,
    stripe_subscription_id    varchar(255),
    stripe_customer_id        varchar(255),
    stripe_status             varchar(30),
    cancel_at_period_end      boolean                  NOT NULL DEFAULT false,
    cancellation_reason       varchar(50),
    current_period_end        timestamp with time zone,
    charge_trouble            varchar(10)              NOT NULL DEFAULT 'NONE'
        CHECK (charge_trouble IN ('NONE', 'REFUNDED', 'DISPUTED')),
    note                      varchar(500),
    created_at                timestamp with time zone NOT NULL,
    updated_at                timestamp with time zone NOT NULL,
    FOREIGN KEY (instance_id, tier_id) REFERENCES tier (instance_id, id) ON DELETE RESTRICT,
    UNIQUE (instance_id, stripe_subscription_id)
);
CREATE INDEX membership_supporter_idx ON membership (supporter_id);
CREATE INDEX membership_customer_idx ON membership (instance_id, stripe_customer_id);
CREATE INDEX membership_state_idx ON membership (instance_id, state);

-- Every state change a membership went through, with what caused it: the member's timeline.
CREATE TABLE membership_change
(
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    membership_id bigint                   NOT NULL REFERENCES membership (id),
    at            timestamp with time zone NOT NULL,
    from_state    varchar(20),
    to_state      varchar(20)              NOT NULL,
    paid_through  timestamp with time zone,
    cause         varchar(255)             NOT NULL
);
CREATE INDEX membership_change_idx ON membership_change (membership_id, id);

-- Which supporter a Stripe customer is: learned from the checkout that created it.
CREATE TABLE stripe_customer
(
    instance_id  bigint       NOT NULL REFERENCES instance (id),
    customer_id  varchar(255) NOT NULL,
    supporter_id bigint       NOT NULL REFERENCES supporter (id),
    PRIMARY KEY (instance_id, customer_id)
);

-- Every charge Stripe showed, as last fetched: what the supporter paid (in their currency), what of it was
-- refunded, and where a dispute stands. The ledger books the money; this is what pages show supporters.
CREATE TABLE payment
(
    instance_id           bigint                   NOT NULL REFERENCES instance (id),
    charge_id             varchar(255)             NOT NULL,
    customer_id           varchar(255),
    amount_minor          bigint                   NOT NULL,
    currency              char(3)                  NOT NULL,
    amount_refunded_minor bigint                   NOT NULL DEFAULT 0,
    dispute_status        varchar(30),
    status                varchar(20)              NOT NULL,
    paid_at               timestamp with time zone NOT NULL,
    PRIMARY KEY (instance_id, charge_id)
);
CREATE INDEX payment_customer_idx ON payment (instance_id, customer_id, paid_at);

-- The subscription or charge an event was about, so a member's timeline can list the events that touched them.
ALTER TABLE stripe_event ADD COLUMN subject_id varchar(255);
CREATE INDEX stripe_event_subject_idx ON stripe_event (instance_id, subject_id);

-- A supporter's consent to be named on a server's public page: by handle, or by a name they chose. No row:
-- anonymous, the default.
CREATE TABLE supporter_listing
(
    instance_id  bigint      NOT NULL REFERENCES instance (id),
    supporter_id bigint      NOT NULL REFERENCES supporter (id),
    listing      varchar(10) NOT NULL CHECK (listing IN ('HANDLE', 'NAME')),
    public_name  varchar(60),
    PRIMARY KEY (instance_id, supporter_id),
    CHECK ((listing = 'NAME') = (public_name IS NOT NULL))
);

-- Which charge each Stripe ledger entry belongs to, so a member's timeline can show their entries.
CREATE TABLE stripe_booking
(
    instance_id bigint       NOT NULL REFERENCES instance (id),
    source_key  varchar(200) NOT NULL,
    charge_id   varchar(255) NOT NULL,
    PRIMARY KEY (instance_id, source_key)
);
CREATE INDEX stripe_booking_charge_idx ON stripe_booking (instance_id, charge_id);

-- Where reconciliation with Stripe stands per server: how far Stripe's event list has been read, and the last
-- comparison of the books with Stripe's balance transactions (its differences, one per line).
CREATE TABLE stripe_reconciliation
(
    instance_id         bigint PRIMARY KEY REFERENCES instance (id),
    events_read_through timestamp with time zone,
    events_read_at      timestamp with time zone,
    balance_month       date,
    balance_checked_at  timestamp with time zone,
    balance_differences text
);
