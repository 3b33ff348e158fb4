-- An OAuth app Upkeep registered on a fediverse host, once per host: used by the operator's connection and by
-- supporters' sign-in alike. The client secret is sealed with the master key.
CREATE TABLE oauth_app
(
    id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    host                   varchar(253)             NOT NULL UNIQUE CHECK (host = lower(host)),
    software               varchar(20)              NOT NULL,
    software_version       varchar(100),
    client_id              varchar(500)             NOT NULL,
    client_secret_sealed   text                     NOT NULL,
    scopes                 varchar(500)             NOT NULL,
    redirect_uri           varchar(500)             NOT NULL,
    authorization_endpoint varchar(500)             NOT NULL,
    token_endpoint         varchar(500)             NOT NULL,
    revocation_endpoint    varchar(500)             NOT NULL,
    profile_scope          boolean                  NOT NULL,
    registered_at          timestamp with time zone NOT NULL,
    checked_at             timestamp with time zone NOT NULL
);

-- A server's connection to Upkeep: the admin token (sealed), who granted it, and how the last calls went.
CREATE TABLE instance_connection
(
    instance_id        bigint PRIMARY KEY REFERENCES instance (id),
    state              varchar(20)              NOT NULL CHECK (state IN ('CONNECTED', 'DISCONNECTED', 'FAILING')),
    software           varchar(20)              NOT NULL,
    software_version   varchar(100),
    admin_token_sealed text,
    token_scopes       varchar(500),
    admin_account_id   varchar(100),
    admin_username     varchar(100),
    connected_at       timestamp with time zone,
    last_success_at    timestamp with time zone,
    last_error         varchar(100),
    last_error_at      timestamp with time zone,
    CHECK (state = 'DISCONNECTED' OR admin_token_sealed IS NOT NULL)
);

-- Someone who gives: known by their fediverse account (actor URI and handle), by an email address, or both.
CREATE TABLE supporter
(
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    actor_uri        varchar(500) UNIQUE,
    handle           varchar(320),
    home_host        varchar(253),
    email            varchar(254) UNIQUE CHECK (email = lower(email)),
    created_at       timestamp with time zone NOT NULL,
    last_signed_in_at timestamp with time zone NOT NULL,
    CHECK (actor_uri IS NOT NULL OR email IS NOT NULL)
);

-- One-time sign-in links by email. Only the hash of the token is kept; a link works once, for 15 minutes.
CREATE TABLE email_signin_link
(
    token_hash char(64) PRIMARY KEY,
    email      varchar(254)             NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    used_at    timestamp with time zone
);
