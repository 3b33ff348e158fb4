-- Seeds one server with 1,000,000 ledger entries over five years, in realistic proportions (supporter
-- payments and their fees, expenses by category, grant receipts, manual income), plus the expense rows the
-- public page lists, and closes every month before the current one. The rollups are kept by the ledger's
-- own trigger, exactly as in production. Run against the app's database after it has started once.
\set ON_ERROR_STOP on
INSERT INTO instance (host, display_name, reporting_currency, time_zone, founded_on, active_users, created_at)
VALUES ('bench.example', 'Benchmark Social', 'EUR', 'Europe/Berlin', current_date - interval '5 years', 25000, now());

INSERT INTO ledger_entry (instance_id, kind, amount_minor, currency, booked_on, description, category, source_key, created_at)
SELECT i.id,
       k.kind,
       CASE k.kind WHEN 'INCOME' THEN 300 + (n % 7) * 250
                   WHEN 'PROCESSOR_FEE' THEN -(25 + (n % 7) * 4)
                   WHEN 'EXPENSE' THEN -(500 + (n % 50) * 37)
                   WHEN 'GRANT_RECEIPT' THEN 50000
                   ELSE 2500 END,
       'EUR',
       (current_date - interval '5 years')::date + (n % (365 * 5)),
       k.kind || ' ' || n,
       CASE k.kind WHEN 'EXPENSE' THEN (ARRAY['hosting','storage-cdn','email','domain','backups','stipends','software'])[1 + n % 7]
                   WHEN 'MANUAL_INCOME' THEN 'bank-transfer' END,
       'bench:' || n,
       now()
FROM generate_series(1, 1000000) AS n
CROSS JOIN (SELECT id FROM instance WHERE host = 'bench.example') AS i
CROSS JOIN LATERAL (SELECT CASE WHEN n % 100 < 70 THEN 'INCOME'
                                WHEN n % 100 < 90 THEN 'PROCESSOR_FEE'
                                WHEN n % 100 < 98 THEN 'EXPENSE'
                                WHEN n % 100 < 99 THEN 'GRANT_RECEIPT'
                                ELSE 'MANUAL_INCOME' END AS kind) AS k;

INSERT INTO expense (instance_id, spent_on, category, vendor, description, charged_minor, charged_currency, booked_minor, created_at)
SELECT i.id, current_date - (n % 365), (ARRAY['hosting','storage-cdn','email','backups'])[1 + n % 4],
       'Vendor ' || (n % 40), 'Invoice ' || n, 500 + n % 3000, 'EUR', 500 + n % 3000, now()
FROM generate_series(1, 5000) AS n CROSS JOIN (SELECT id FROM instance WHERE host = 'bench.example') AS i;

INSERT INTO ledger_month_close (instance_id, month, currency, income_minor, costs_minor, net_minor, balance_minor, closed_at)
SELECT instance_id, month, 'EUR',
       sum(amount_minor) FILTER (WHERE kind IN ('INCOME', 'MANUAL_INCOME', 'GRANT_RECEIPT', 'REFUND', 'DISPUTE')),
       -sum(amount_minor) FILTER (WHERE kind IN ('EXPENSE', 'PROCESSOR_FEE')),
       sum(amount_minor),
       sum(sum(amount_minor)) OVER (ORDER BY month),
       now()
FROM ledger_month_total
WHERE instance_id = (SELECT id FROM instance WHERE host = 'bench.example')
  AND month < date_trunc('month', current_date)
GROUP BY instance_id, month;

INSERT INTO ledger_closing (instance_id, closed_through)
SELECT id, (date_trunc('month', current_date) - interval '1 day')::date FROM instance WHERE host = 'bench.example';

ANALYZE;
SELECT count(*) AS ledger_entries FROM ledger_entry;
