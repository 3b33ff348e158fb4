-- A fediverse server whose funding Upkeep keeps. Every domain row below belongs to one.
CREATE TABLE instance
(
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    host               varchar(253)             NOT NULL UNIQUE CHECK (host = lower(host)),
    display_name       varchar(100)             NOT NULL,
    reporting_currency char(3)                  NOT NULL CHECK (reporting_currency ~ '^[A-Z]{3}$'),
    time_zone          varchar(64)              NOT NULL,
    founded_on         date                     NOT NULL,
    monthly_goal_minor bigint CHECK (monthly_goal_minor > 0),
    active_users       int CHECK (active_users >= 0),
    demo               boolean                  NOT NULL DEFAULT false,
    created_at         timestamp with time zone NOT NULL
);

-- The append-only ledger. Amounts are in the server's reporting currency; the sign follows the kind
-- (money in is positive, money out negative), flipped only for an entry that reverses another.
CREATE TABLE ledger_entry
(
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    instance_id           bigint                   NOT NULL REFERENCES instance (id),
    kind                  varchar(20)              NOT NULL CHECK (kind IN ('INCOME', 'PROCESSOR_FEE', 'REFUND',
        'DISPUTE', 'EXPENSE', 'GRANT_RECEIPT', 'MANUAL_INCOME', 'ADJUSTMENT')),
    amount_minor          bigint                   NOT NULL CHECK (amount_minor <> 0),
    currency              char(3)                  NOT NULL,
    original_amount_minor bigint,
    original_currency     char(3),
    booked_on             date                     NOT NULL,
    description           varchar(500)             NOT NULL,
    category              varchar(60),
    source_key            varchar(200)             NOT NULL,
    reverses_id           bigint UNIQUE REFERENCES ledger_entry (id),
    created_at            timestamp with time zone NOT NULL,
    UNIQUE (instance_id, source_key),
    CHECK ((original_amount_minor IS NULL) = (original_currency IS NULL)),
    CHECK (kind = 'ADJUSTMENT'
        OR (reverses_id IS NULL) = (CASE WHEN kind IN ('INCOME', 'GRANT_RECEIPT', 'MANUAL_INCOME')
                                         THEN amount_minor > 0 ELSE amount_minor < 0 END))
);
CREATE INDEX ledger_entry_by_month ON ledger_entry (instance_id, booked_on);

-- Monthly rollups kept by the trigger below, so pages never scan the ledger.
CREATE TABLE ledger_month_total
(
    instance_id  bigint      NOT NULL REFERENCES instance (id),
    month        date        NOT NULL CHECK (extract(day FROM month) = 1),
    kind         varchar(20) NOT NULL,
    category     varchar(60) NOT NULL DEFAULT '',
    amount_minor bigint      NOT NULL,
    entries      int         NOT NULL,
    PRIMARY KEY (instance_id, month, kind, category)
);

-- Everything booked on or before closed_through is final.
CREATE TABLE ledger_closing
(
    instance_id    bigint NOT NULL PRIMARY KEY REFERENCES instance (id),
    closed_through date   NOT NULL
);

-- What was published when a month was closed. Never changes afterwards.
CREATE TABLE ledger_month_close
(
    instance_id      bigint                   NOT NULL REFERENCES instance (id),
    month            date                     NOT NULL CHECK (extract(day FROM month) = 1),
    currency         char(3)                  NOT NULL,
    income_minor     bigint                   NOT NULL,
    costs_minor      bigint                   NOT NULL,
    net_minor        bigint                   NOT NULL,
    balance_minor    bigint                   NOT NULL,
    closed_at        timestamp with time zone NOT NULL,
    PRIMARY KEY (instance_id, month)
);

-- The ledger's rules, enforced for every writer: entries are never changed or deleted, nothing is booked
-- into a closed month, and the monthly rollups always equal the sum of the entries.
CREATE FUNCTION ledger_entry_guard() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    closed date;
BEGIN
    IF tg_op <> 'INSERT' THEN
        RAISE EXCEPTION 'ledger entries are append-only' USING ERRCODE = 'UK001';
    END IF;
    -- Shares the lock a month close takes, so a close never misses an entry being booked.
    PERFORM 1 FROM instance WHERE id = new.instance_id FOR SHARE;
    SELECT closed_through INTO closed FROM ledger_closing WHERE instance_id = new.instance_id;
    IF closed IS NOT NULL AND new.booked_on <= closed THEN
        RAISE EXCEPTION 'the books are closed through %', closed USING ERRCODE = 'UK002';
    END IF;
    RETURN new;
END;
$$;

CREATE TRIGGER ledger_entry_guard
    BEFORE INSERT OR UPDATE OR DELETE ON ledger_entry
    FOR EACH ROW EXECUTE FUNCTION ledger_entry_guard();

CREATE TRIGGER ledger_entry_no_truncate
    BEFORE TRUNCATE ON ledger_entry
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_entry_guard();

CREATE FUNCTION ledger_entry_rollup() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO ledger_month_total (instance_id, month, kind, category, amount_minor, entries)
    VALUES (new.instance_id, date_trunc('month', new.booked_on)::date, new.kind, coalesce(new.category, ''),
            new.amount_minor, 1)
    ON CONFLICT (instance_id, month, kind, category) DO UPDATE
        SET amount_minor = ledger_month_total.amount_minor + excluded.amount_minor,
            entries      = ledger_month_total.entries + 1;
    RETURN NULL;
END;
$$;

CREATE TRIGGER ledger_entry_rollup
    AFTER INSERT ON ledger_entry
    FOR EACH ROW EXECUTE FUNCTION ledger_entry_rollup();
