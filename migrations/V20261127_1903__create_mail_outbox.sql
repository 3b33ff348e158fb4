-- Every outgoing mail is written here first. Without an SMTP server it stays here (status NOT_SENT)
-- for the owner to read on the Outbox page; with one, a job sends it and records the result.
CREATE TABLE mail_outbox
(
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cause_key   varchar(200)             NOT NULL UNIQUE,
    recipient   varchar(254)             NOT NULL,
    subject     varchar(300)             NOT NULL,
    body_text   text                     NOT NULL,
    status      varchar(16)              NOT NULL CHECK (status IN ('PENDING', 'SENT', 'FAILED', 'NOT_SENT')),
    attempts    int                      NOT NULL DEFAULT 0,
    last_error  varchar(500),
    created_at  timestamp with time zone NOT NULL,
    sent_at     timestamp with time zone
);
CREATE INDEX mail_outbox_pending_idx ON mail_outbox (created_at) WHERE status = 'PENDING';
