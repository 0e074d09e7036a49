CREATE OR REPLACE TEMP VIEW subscription_rows AS
SELECT coalesce(customer_key::VARCHAR, 'row:' || table_index || ':' || "row") AS who,
       ts AS started, ended_at AS ended, currency,
       status_class,
       -- interval_months: months per billing period (12 yearly, 12/52 weekly, 1 when
       -- empty); NULL for a word that is not an interval, which leaves the row out.
       coalesce(mrr, amount / interval_months) AS monthly
FROM subscriptions;
