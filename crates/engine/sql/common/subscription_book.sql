CREATE OR REPLACE TEMP VIEW subscription_book AS
WITH main AS (
    -- The main currency: the one of most subscription rows with an amount (ties:
    -- alphabetical, unknown first). Other currencies are never summed.
    SELECT currency FROM subscriptions WHERE coalesce(mrr, amount, unit_price) IS NOT NULL
    GROUP BY currency ORDER BY count(*) DESC, currency ASC NULLS FIRST LIMIT 1
)
-- The subscription book shared with the sales MRR twins: a start; not cancelled/refunded
-- without an end, not abandoned/pending; an end after the start; the main currency; a
-- positive monthly amount (the mrr cell, else the amount, or unit price x seats with no seats
-- cell as one unit, over the months of its billing period: interval x interval count).
-- A free trial pays nothing: a row pays from its trial's end when that is after its start.
SELECT coalesce(customer_key::VARCHAR, 'row:' || table_index || ':' || "row") AS who,
       greatest(ts, coalesce(trial_end, ts)) AS started, ended_at AS ended,
       coalesce(mrr, coalesce(amount, unit_price * coalesce(seats, 1))
                        / (interval_months * coalesce(interval_count, 1))) AS monthly
FROM subscriptions
WHERE ts IS NOT NULL
  AND (ended_at IS NULL OR ended_at > greatest(ts, coalesce(trial_end, ts)))
  AND NOT (status_class IN ('cancelled', 'refunded') AND ended_at IS NULL)
  AND status_class NOT IN ('abandoned', 'pending')
  AND currency IS NOT DISTINCT FROM (SELECT currency FROM main)
  AND coalesce(mrr, coalesce(amount, unit_price * coalesce(seats, 1))
                        / (interval_months * coalesce(interval_count, 1))) > 0;
