-- When the owner was last told that their account got locked: at most one such mail an hour.
CREATE TABLE signin_lock_mail
(
    username  varchar(254)             PRIMARY KEY,
    mailed_at timestamp with time zone NOT NULL
);
