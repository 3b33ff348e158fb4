-- A complimentary membership offered to someone who has not given to this server: it becomes a membership only
-- when the person accepts it, signed in. Only the hash of the link's token is kept.
CREATE TABLE complimentary_invitation
(
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    instance_id       bigint                   NOT NULL REFERENCES instance (id),
    token_hash        char(64)                 NOT NULL UNIQUE,
    invited           varchar(320)             NOT NULL,
    tier_id           bigint,
    ends_at           timestamp with time zone,
    note              varchar(500)             NOT NULL DEFAULT '',
    invited_by        varchar(254)             NOT NULL,
    created_at        timestamp with time zone NOT NULL,
    expires_at        timestamp with time zone NOT NULL,
    accepted_at       timestamp with time zone,
    membership_id     bigint
);
CREATE INDEX complimentary_invitation_server ON complimentary_invitation (instance_id, created_at DESC);
