-- Role names reach the owner's command only once the owner approved them on the roles page; roles seen on the
-- server with staff rights (administrator, manage users, manage roles) are never handed out or taken away.
-- Whether operators see the command's output is the owner's choice (off by default).
ALTER TABLE role_sync_role ADD COLUMN approved boolean NOT NULL DEFAULT false;
ALTER TABLE role_sync_role ADD COLUMN staff boolean NOT NULL DEFAULT false;
ALTER TABLE role_sync ADD COLUMN show_output boolean NOT NULL DEFAULT false;
