-- Leaving one server's optional mail no longer silences every other server's: an opt-out names its server.
-- Rows without a server (made before, or on "my support") apply to every server, as they did.
ALTER TABLE mail_optout ADD COLUMN instance_id bigint REFERENCES instance (id);
ALTER TABLE mail_optout DROP CONSTRAINT mail_optout_pkey;
CREATE UNIQUE INDEX mail_optout_scope ON mail_optout (email, kind, coalesce(instance_id, 0));
