-- The account of a server that sends notices as direct messages to supporters without an email address
-- (an account such as @funding, its token granted only posting and reading its own profile), sealed.
CREATE TABLE notice_account
(
    instance_id  bigint PRIMARY KEY REFERENCES instance (id),
    software     varchar(20)              NOT NULL,
    account_id   varchar(100)             NOT NULL,
    username     varchar(100)             NOT NULL,
    token_sealed text                     NOT NULL,
    connected_at timestamp with time zone NOT NULL
);

-- Direct messages to supporters, written with their cause and sent by a job: once per cause, as mail is.
CREATE TABLE fediverse_notice
(
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    instance_id     bigint                   NOT NULL REFERENCES instance (id),
    cause_key       varchar(200)             NOT NULL UNIQUE,
    supporter_id    bigint                   NOT NULL REFERENCES supporter (id),
    recipient       varchar(320)             NOT NULL,
    body            text                     NOT NULL,
    language        varchar(20)              NOT NULL,
    status          varchar(12)              NOT NULL CHECK (status IN ('PENDING', 'SENT', 'FAILED')),
    attempts        int                      NOT NULL DEFAULT 0,
    next_attempt_at timestamp with time zone NOT NULL,
    last_error      varchar(500),
    created_at      timestamp with time zone NOT NULL,
    sent_at         timestamp with time zone
);
CREATE INDEX fediverse_notice_due ON fediverse_notice (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX fediverse_notice_recent ON fediverse_notice (instance_id, created_at DESC);

-- Supporters who asked for no direct messages, from any server.
CREATE TABLE notice_optout
(
    supporter_id bigint PRIMARY KEY REFERENCES supporter (id),
    opted_out_at timestamp with time zone NOT NULL
);
