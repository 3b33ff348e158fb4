-- Paid membership tiers. Prices are in the server's reporting currency; a tier has a monthly or a yearly price
-- or both. A tier that people joined is archived, never deleted (memberships will reference it).
CREATE TABLE tier
(
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    instance_id   bigint                   NOT NULL REFERENCES instance (id),
    name          varchar(80)              NOT NULL,
    description   varchar(2000)            NOT NULL DEFAULT '',
    perks         varchar(4000)            NOT NULL DEFAULT '',
    currency      char(3)                  NOT NULL,
    monthly_minor bigint CHECK (monthly_minor > 0),
    yearly_minor  bigint CHECK (yearly_minor > 0),
    capacity      int CHECK (capacity > 0),
    server_role   varchar(100),
    visible       boolean                  NOT NULL,
    archived_at   timestamp with time zone,
    created_at    timestamp with time zone NOT NULL,
    updated_at    timestamp with time zone NOT NULL,
    CHECK (monthly_minor IS NOT NULL OR yearly_minor IS NOT NULL),
    UNIQUE (instance_id, id)
);
CREATE INDEX tier_instance_idx ON tier (instance_id);

-- What supporters may give outside tiers: preset amounts, and a custom amount between bounds, once or
-- monthly or yearly.
CREATE TABLE donation_options
(
    instance_id   bigint PRIMARY KEY REFERENCES instance (id),
    currency      char(3)                  NOT NULL,
    presets_minor bigint[]                 NOT NULL,
    minimum_minor bigint                   NOT NULL CHECK (minimum_minor > 0),
    maximum_minor bigint                   NOT NULL,
    one_time      boolean                  NOT NULL,
    monthly       boolean                  NOT NULL,
    yearly        boolean                  NOT NULL,
    updated_at    timestamp with time zone NOT NULL,
    CHECK (maximum_minor >= minimum_minor),
    CHECK (one_time OR monthly OR yearly)
);
