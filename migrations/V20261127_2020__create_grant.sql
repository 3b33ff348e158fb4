-- Grants a server applied for or received. ("grant" is an SQL keyword, hence grant_award.)
CREATE TABLE grant_award
(
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    instance_id  bigint                   NOT NULL REFERENCES instance (id),
    funder       varchar(120)             NOT NULL,
    purpose      varchar(500)             NOT NULL,
    amount_minor bigint                   NOT NULL CHECK (amount_minor > 0),
    currency     char(3)                  NOT NULL,
    status       varchar(12)              NOT NULL CHECK (status IN ('APPLIED', 'AWARDED', 'ACTIVE', 'COMPLETED', 'DECLINED')),
    starts_on    date                     NOT NULL,
    ends_on      date                     NOT NULL CHECK (ends_on >= starts_on),
    restricted   boolean                  NOT NULL,
    public       boolean                  NOT NULL,
    created_at   timestamp with time zone NOT NULL
);

-- A payment expected from the funder. Receiving it books a GRANT_RECEIPT entry "grant:{id}:tranche:{id}".
CREATE TABLE grant_tranche
(
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    grant_id     bigint NOT NULL REFERENCES grant_award (id),
    instance_id  bigint NOT NULL REFERENCES instance (id),
    expected_on  date   NOT NULL,
    amount_minor bigint NOT NULL CHECK (amount_minor > 0),
    received_on  date,
    booked_minor bigint CHECK (booked_minor > 0),
    CHECK ((received_on IS NULL) = (booked_minor IS NULL))
);

-- A report or other obligation the funder expects.
CREATE TABLE grant_deadline
(
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    grant_id    bigint       NOT NULL REFERENCES grant_award (id),
    instance_id bigint       NOT NULL REFERENCES instance (id),
    due_on      date         NOT NULL,
    what        varchar(300) NOT NULL,
    done_on     date
);

-- Expenses paid from a grant; an expense is paid from at most one.
CREATE TABLE grant_allocation
(
    expense_id  bigint NOT NULL PRIMARY KEY REFERENCES expense (id),
    grant_id    bigint NOT NULL REFERENCES grant_award (id),
    instance_id bigint NOT NULL REFERENCES instance (id)
);
