-- Which client address asked for a sign-in link, so one client cannot send links to any number of addresses.
ALTER TABLE email_signin_link ADD COLUMN requested_from varchar(64);
ALTER TABLE email_signin_link ADD COLUMN requested_at timestamp with time zone;
CREATE INDEX email_signin_link_requested_from ON email_signin_link (requested_from, requested_at);
