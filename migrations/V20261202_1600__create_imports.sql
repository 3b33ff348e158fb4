-- An uploaded export being imported: read and kept as rows for the operator's preview, booked only when they
-- confirm. One server's, never shown to another's operators.
CREATE TABLE import_batch
(
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    instance_id bigint                   NOT NULL REFERENCES instance (id),
    format      varchar(20)              NOT NULL,
    file_name   varchar(200)             NOT NULL,
    status      varchar(12)              NOT NULL CHECK (status IN ('PREVIEW', 'BOOKED', 'DISCARDED')),
    rows_read   int                      NOT NULL,
    created_at  timestamp with time zone NOT NULL,
    booked_at   timestamp with time zone,
    booked      int
);
CREATE INDEX import_batch_server ON import_batch (instance_id, created_at DESC);

-- Each line of the export as read: what it would book (kind, date, amount in its own currency), under which
-- source key, or why it was refused or is left out.
CREATE TABLE import_row
(
    batch_id     bigint       NOT NULL REFERENCES import_batch (id) ON DELETE CASCADE,
    seq          int          NOT NULL,
    line         int          NOT NULL,
    status       varchar(12)  NOT NULL CHECK (status IN ('OK', 'REFUSED', 'SKIPPED')),
    reason       varchar(100),
    reason_arg   varchar(200),
    kind         varchar(20),
    booked_on    date,
    amount_minor bigint,
    currency     char(3),
    booked_minor bigint,
    source_key   varchar(200),
    description  varchar(200),
    PRIMARY KEY (batch_id, seq)
);

-- Every row key ever booked from an import, directly or inside a correction for closed months: importing the
-- same file again, or an overlapping export, books each row once.
CREATE TABLE import_key
(
    instance_id bigint                   NOT NULL REFERENCES instance (id),
    source_key  varchar(200)             NOT NULL,
    batch_id    bigint                   NOT NULL REFERENCES import_batch (id),
    booked_as   varchar(200)             NOT NULL,
    PRIMARY KEY (instance_id, source_key)
);

-- A generic CSV's column mapping, saved under a name for the next export of the same kind.
CREATE TABLE import_mapping
(
    instance_id bigint                   NOT NULL REFERENCES instance (id),
    name        varchar(60)              NOT NULL,
    mapping     varchar(2000)            NOT NULL,
    updated_at  timestamp with time zone NOT NULL,
    PRIMARY KEY (instance_id, name)
);
