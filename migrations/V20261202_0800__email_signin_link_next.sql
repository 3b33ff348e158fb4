-- The support page a supporter was going to when they asked for the link (a path ReturnPaths allows), so the
-- link's page and mail can name the server and the sign-in ends where they were going.
ALTER TABLE email_signin_link ADD COLUMN next_path varchar(600);
