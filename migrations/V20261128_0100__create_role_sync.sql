-- Role sync (DESIGN.md section 7). One row per server: how changes are written and where the runs stand.
CREATE TABLE role_sync
(
    instance_id        bigint PRIMARY KEY REFERENCES instance (id),
    enabled            boolean                  NOT NULL DEFAULT false,
    -- COMMAND: the owner's configured command (Mastodon); MANUAL: the operator applies each change by hand;
    -- API: Misskey roles or Akkoma tags through the admin API.
    writer             varchar(10)              NOT NULL DEFAULT 'MANUAL' CHECK (writer IN ('COMMAND', 'MANUAL', 'API')),
    grant_command      varchar(1000),
    remove_command     varchar(1000),
    safety_share       numeric(4, 3)            NOT NULL DEFAULT 0.2 CHECK (safety_share > 0 AND safety_share <= 1),
    -- A run in progress holds the lease; another node or trigger marks the server dirty instead.
    running_until      timestamp with time zone,
    dirty              boolean                  NOT NULL DEFAULT false,
    paused_until       timestamp with time zone,
    last_run_at        timestamp with time zone,
    next_run_at        timestamp with time zone,
    failures           int                      NOT NULL DEFAULT 0,
    last_error         varchar(500),
    updated_at         timestamp with time zone NOT NULL
);

-- A role Upkeep manages on a server (named by a tier), its id there once configured or learned, and whether
-- the operator lets Upkeep remove it from anyone (not only from those Upkeep gave it to).
CREATE TABLE role_sync_role
(
    instance_id        bigint                   NOT NULL REFERENCES instance (id),
    name               varchar(100)             NOT NULL,
    remote_id          varchar(100),
    entirely_managed   boolean                  NOT NULL DEFAULT false,
    holders            int,
    PRIMARY KEY (instance_id, name)
);

-- Accounts holding a role because Upkeep gave it to them.
CREATE TABLE role_grant
(
    instance_id        bigint                   NOT NULL REFERENCES instance (id),
    username           varchar(100)             NOT NULL,
    role               varchar(100)             NOT NULL,
    granted_at         timestamp with time zone NOT NULL,
    PRIMARY KEY (instance_id, username)
);

-- The audit trail and the work queue: every planned change and what became of it.
CREATE TABLE role_change
(
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    instance_id        bigint                   NOT NULL REFERENCES instance (id),
    username           varchar(100)             NOT NULL,
    action             varchar(10)              NOT NULL CHECK (action IN ('GRANT', 'REMOVE', 'KEEP')),
    role               varchar(100)             NOT NULL,
    -- KEEP: the role the account holds and keeps (a moderator's, say).
    holds              varchar(100),
    status             varchar(12)              NOT NULL CHECK (status IN ('PENDING', 'MANUAL', 'MARKED_DONE', 'HELD',
        'APPLIED', 'FAILED', 'SKIPPED', 'KEPT', 'RESOLVED')),
    membership_id      bigint,
    cause              varchar(200)             NOT NULL,
    applied_by         varchar(200),
    attempts           int                      NOT NULL DEFAULT 0,
    next_attempt_at    timestamp with time zone,
    answer             varchar(2000),
    created_at         timestamp with time zone NOT NULL,
    updated_at         timestamp with time zone NOT NULL
);

CREATE INDEX role_change_open ON role_change (instance_id, username)
    WHERE status IN ('PENDING', 'MANUAL', 'MARKED_DONE', 'HELD', 'FAILED', 'KEPT');
CREATE INDEX role_change_recent ON role_change (instance_id, created_at DESC);
