-- A supporter who signs in through a fediverse server is identified by what that server can vouch for: the host
-- the token was verified on plus the server's own account id. The actor URI a server reports is shown, never
-- trusted as an identity (a rogue server could name anyone's), so it is no longer unique.
ALTER TABLE supporter ADD COLUMN account_id varchar(100);
ALTER TABLE supporter DROP CONSTRAINT supporter_actor_uri_key;
CREATE INDEX supporter_actor_uri ON supporter (actor_uri);
CREATE UNIQUE INDEX supporter_home_account ON supporter (home_host, account_id) WHERE account_id IS NOT NULL;
