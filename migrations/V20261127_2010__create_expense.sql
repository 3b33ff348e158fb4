-- Categories an operator adds to the built-in ones (hosting, storage-cdn, email, ...).
CREATE TABLE expense_category
(
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    instance_id bigint      NOT NULL REFERENCES instance (id),
    name        varchar(50) NOT NULL
);
CREATE UNIQUE INDEX expense_category_name ON expense_category (instance_id, lower(name));

-- A receipt file, kept in the database so it is backed up with everything else. The type is what the
-- content is, checked at upload, not what the file name claims.
CREATE TABLE expense_receipt
(
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    instance_id  bigint                   NOT NULL REFERENCES instance (id),
    content_type varchar(30)              NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg')),
    size_bytes   int                      NOT NULL CHECK (size_bytes > 0 AND size_bytes <= 10485760),
    content      bytea                    NOT NULL,
    uploaded_at  timestamp with time zone NOT NULL
);

-- A cost that comes back every month, such as the hosting bill.
CREATE TABLE recurring_cost
(
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    instance_id      bigint                   NOT NULL REFERENCES instance (id),
    category         varchar(60)              NOT NULL,
    vendor           varchar(100)             NOT NULL,
    description      varchar(300)             NOT NULL,
    charged_minor    bigint                   NOT NULL CHECK (charged_minor > 0),
    charged_currency char(3)                  NOT NULL,
    booked_minor     bigint                   NOT NULL CHECK (booked_minor > 0),
    day_of_month     int                      NOT NULL CHECK (day_of_month BETWEEN 1 AND 28),
    starts_on        date                     NOT NULL,
    ends_on          date,
    created_at       timestamp with time zone NOT NULL,
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
);

-- An expense as the operator sees it. Its money lives in the ledger under "expense:{id}:v{version}";
-- editing the amount or date reverses that entry and books the next version; voiding reverses it.
CREATE TABLE expense
(
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    instance_id       bigint                   NOT NULL REFERENCES instance (id),
    spent_on          date                     NOT NULL,
    category          varchar(60)              NOT NULL,
    vendor            varchar(100)             NOT NULL,
    description       varchar(300)             NOT NULL,
    charged_minor     bigint                   NOT NULL CHECK (charged_minor > 0),
    charged_currency  char(3)                  NOT NULL,
    booked_minor      bigint                   NOT NULL CHECK (booked_minor > 0),
    version           int                      NOT NULL DEFAULT 1,
    voided_on         date,
    receipt_id        bigint REFERENCES expense_receipt (id),
    receipt_public    boolean                  NOT NULL DEFAULT false,
    recurring_cost_id bigint REFERENCES recurring_cost (id),
    recurring_period  date,
    form_token        varchar(36) UNIQUE,
    created_at        timestamp with time zone NOT NULL,
    UNIQUE (recurring_cost_id, recurring_period)
);
CREATE INDEX expense_by_instance ON expense (instance_id, spent_on DESC);
