-- A confidential mail (a sign-in link) is not shown on the Outbox page, and its text is wiped once sent.
ALTER TABLE mail_outbox ADD COLUMN confidential boolean NOT NULL DEFAULT false;
