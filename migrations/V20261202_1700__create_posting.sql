-- What a server's notice account posts to the fediverse (issue 20): nothing until the operator switches it on.
CREATE TABLE posting_settings
(
    instance_id   bigint PRIMARY KEY REFERENCES instance (id),
    enabled       boolean                  NOT NULL DEFAULT false,
    month_report  boolean                  NOT NULL DEFAULT true,
    goal_reached  boolean                  NOT NULL DEFAULT true,
    thanks        boolean                  NOT NULL DEFAULT true,
    language      varchar(10)              NOT NULL DEFAULT 'en',
    visibility    varchar(10)              NOT NULL DEFAULT 'UNLISTED' CHECK (visibility IN ('PUBLIC', 'UNLISTED')),
    hashtags      varchar(200)             NOT NULL DEFAULT '',
    updated_at    timestamp with time zone NOT NULL
);

-- The operator's own wording of a kind of post in a language; no row: Upkeep's default wording.
CREATE TABLE post_template
(
    instance_id bigint       NOT NULL REFERENCES instance (id),
    kind        varchar(20)  NOT NULL,
    language    varchar(10)  NOT NULL,
    body        varchar(1000) NOT NULL,
    PRIMARY KEY (instance_id, kind, language)
);

-- Posts waiting to go out or gone, written once per cause and sent by a job, as mail and direct messages are.
CREATE TABLE fediverse_post
(
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    instance_id     bigint                   NOT NULL REFERENCES instance (id),
    cause_key       varchar(200)             NOT NULL UNIQUE,
    kind            varchar(20)              NOT NULL,
    body            text                     NOT NULL,
    language        varchar(10)              NOT NULL,
    visibility      varchar(10)              NOT NULL,
    status          varchar(12)              NOT NULL CHECK (status IN ('PENDING', 'SENT', 'FAILED')),
    attempts        int                      NOT NULL DEFAULT 0,
    next_attempt_at timestamp with time zone NOT NULL,
    last_error      varchar(500),
    created_at      timestamp with time zone NOT NULL,
    sent_at         timestamp with time zone
);
CREATE INDEX fediverse_post_due ON fediverse_post (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX fediverse_post_recent ON fediverse_post (instance_id, created_at DESC);

-- Supporters a thank-you post has named, so each is thanked once per server.
CREATE TABLE post_thanked
(
    instance_id  bigint                   NOT NULL REFERENCES instance (id),
    supporter_id bigint                   NOT NULL REFERENCES supporter (id),
    thanked_at   timestamp with time zone NOT NULL,
    PRIMARY KEY (instance_id, supporter_id)
);
