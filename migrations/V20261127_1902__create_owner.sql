-- The person who installed Upkeep. There is exactly one: the check on id makes a second insert fail,
-- so two visitors racing through /setup cannot both become owner.
CREATE TABLE owner_account
(
    id            smallint                 NOT NULL PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    email         varchar(254)             NOT NULL,
    password_hash varchar(255)             NOT NULL,
    locale        varchar(35)              NOT NULL,
    created_at    timestamp with time zone NOT NULL
);

-- Failed sign-ins, counted per account and address, so repeated guessing slows down and then locks.
CREATE TABLE signin_failure
(
    username       varchar(254)             NOT NULL,
    remote_address varchar(64)              NOT NULL,
    failures       int                      NOT NULL CHECK (failures > 0),
    last_failed_at timestamp with time zone NOT NULL,
    locked_until   timestamp with time zone,
    PRIMARY KEY (username, remote_address)
);
