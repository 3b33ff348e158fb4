-- Mail with an HTML part beside the text, sent in the server's name, with a one-click unsubscribe link for
-- what is not a receipt or a security mail (RFC 8058); retried with backoff.
ALTER TABLE mail_outbox ADD COLUMN body_html text;
ALTER TABLE mail_outbox ADD COLUMN sender_name varchar(200);
ALTER TABLE mail_outbox ADD COLUMN unsubscribe_url varchar(1000);
ALTER TABLE mail_outbox ADD COLUMN next_attempt_at timestamp with time zone;

-- Mail someone asked not to get any more, by address and kind.
CREATE TABLE mail_optout
(
    email       varchar(254)             NOT NULL,
    kind        varchar(50)              NOT NULL,
    created_at  timestamp with time zone NOT NULL,
    PRIMARY KEY (email, kind)
);

-- The language a supporter last used the pages in: their mail comes in it.
ALTER TABLE supporter ADD COLUMN locale varchar(10);

-- The checkout that made a Stripe customer: what its payments are for (a receipt says so).
ALTER TABLE stripe_customer ADD COLUMN checkout_id bigint;

-- Where a server's operator alerts go (no row, or no address: the owner's address) and which they want.
CREATE TABLE operator_alerts
(
    instance_id  bigint PRIMARY KEY REFERENCES instance (id),
    address      varchar(254),
    payments     boolean                  NOT NULL DEFAULT true,
    roles        boolean                  NOT NULL DEFAULT true,
    grants       boolean                  NOT NULL DEFAULT true,
    costs        boolean                  NOT NULL DEFAULT true,
    months       boolean                  NOT NULL DEFAULT true,
    updated_at   timestamp with time zone NOT NULL
);

-- Mail someone asked for (the monthly report is opt-in), by address and kind.
CREATE TABLE mail_optin
(
    email       varchar(254)             NOT NULL,
    kind        varchar(50)              NOT NULL,
    created_at  timestamp with time zone NOT NULL,
    PRIMARY KEY (email, kind)
);

-- The months whose report went out, per server: the daily job renders each report once.
CREATE TABLE monthly_report
(
    instance_id  bigint                   NOT NULL REFERENCES instance (id),
    month        char(7)                  NOT NULL,
    queued       int                      NOT NULL,
    created_at   timestamp with time zone NOT NULL,
    PRIMARY KEY (instance_id, month)
);
