-- An erased supporter keeps their row (payments, memberships and ledger entries refer to it) with every
-- personal column emptied; pages call them "former supporter N" after the row's id.
ALTER TABLE supporter ADD COLUMN erased_at timestamp with time zone;
ALTER TABLE supporter DROP CONSTRAINT supporter_check;
ALTER TABLE supporter ADD CONSTRAINT supporter_identity
    CHECK (actor_uri IS NOT NULL OR email IS NOT NULL OR erased_at IS NOT NULL);

-- When a supporter's data was erased and by whom (the supporter, the operator, the retention job), never what.
CREATE TABLE erasure
(
    supporter_id bigint PRIMARY KEY REFERENCES supporter (id),
    erased_at    timestamp with time zone NOT NULL,
    erased_by    varchar(20)              NOT NULL CHECK (erased_by IN ('SUPPORTER', 'OPERATOR', 'RETENTION'))
);

-- What each server's privacy page says beyond what Upkeep knows by itself, and whether erasing a supporter
-- deletes their Stripe customer too.
CREATE TABLE privacy_settings
(
    instance_id             bigint PRIMARY KEY REFERENCES instance (id),
    contact                 varchar(254),
    statement               varchar(5000)            NOT NULL DEFAULT '',
    delete_stripe_customers boolean                  NOT NULL DEFAULT false,
    updated_at              timestamp with time zone NOT NULL
);

-- Mail and direct message bodies, and Stripe event payloads, are purged when their retention ends; the rows
-- stay (a cause key keeps a mail from going twice, an event id keeps a redelivery from applying twice).
ALTER TABLE mail_outbox ADD COLUMN purged_at timestamp with time zone;
ALTER TABLE fediverse_notice ADD COLUMN purged_at timestamp with time zone;
ALTER TABLE stripe_event ADD COLUMN purged_at timestamp with time zone;
CREATE INDEX mail_outbox_sent_idx ON mail_outbox (sent_at) WHERE purged_at IS NULL;
CREATE INDEX stripe_event_received_idx ON stripe_event (received_at) WHERE purged_at IS NULL;

-- What the daily retention job did last: one row per run, the newest shown to the operator.
CREATE TABLE retention_run
(
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ran_at      timestamp with time zone NOT NULL,
    purged      varchar(2000)            NOT NULL
);
