-- journey.stage_funnel (details): per step, the customers first seen in the range (their
-- earliest dated row of a journey file) who reached it and every step before: attraction (a
-- lead, session, chat or social row), sales (a completed order), repeat (a second completed
-- order, or a subscription renewal). Renewal: over the subscription rows MRR reads (a start,
-- an end after it, not abandoned or pending, not cancelled without an end, a positive monthly
-- amount; every currency), a customer with two or more rows, or with one that outlived its
-- first billing period: (its end, else the data's last date) - its start >
-- months x interval count x 30.4375 days. Rows: key 'all|<step>|customers'.
-- @include journey_rows
-- @include completed_orders
WITH first_seen AS (
    SELECT customer_key, min(ts) AS first_at FROM journey_rows
    WHERE customer_key IS NOT NULL AND ts IS NOT NULL GROUP BY customer_key
),
cohort AS (
    SELECT customer_key FROM first_seen
    WHERE first_at >= getvariable('range_start') AND first_at < getvariable('range_end')
),
attracted AS (
    SELECT DISTINCT customer_key FROM journey_rows WHERE stage = 0 AND customer_key IS NOT NULL
),
bought AS (SELECT customer_key, count(*) AS n FROM completed_orders GROUP BY customer_key),
last_day AS (SELECT max(ts) AS at FROM journey_rows),
subs AS (
    SELECT customer_key, greatest(ts, coalesce(trial_end, ts)) AS started, ended_at AS ended,
           coalesce(interval_months, 1)
               * CASE WHEN interval_count > 0 THEN interval_count ELSE 1 END AS months
    FROM subscriptions
    WHERE customer_key IS NOT NULL AND ts IS NOT NULL
      AND (ended_at IS NULL OR ended_at > greatest(ts, coalesce(trial_end, ts)))
      AND NOT (status_class IN ('cancelled', 'refunded') AND ended_at IS NULL)
      AND status_class NOT IN ('abandoned', 'pending')
      AND coalesce(mrr, coalesce(amount, unit_price * coalesce(seats, 1))
                            / (interval_months * coalesce(interval_count, 1))) > 0
),
renewed AS (
    SELECT s.customer_key FROM subs s, last_day l GROUP BY s.customer_key
    HAVING count(*) >= 2
        OR bool_or(coalesce(epoch(coalesce(s.ended, l.at)) - epoch(s.started)
                            > s.months * 30.4375 * 86400, false))
),
flags AS (
    SELECT a.customer_key IS NOT NULL AS a,
           coalesce(b.n, 0) AS n,
           r.customer_key IS NOT NULL AS r
    FROM cohort c
    LEFT JOIN attracted a ON a.customer_key = c.customer_key
    LEFT JOIN bought b ON b.customer_key = c.customer_key
    LEFT JOIN renewed r ON r.customer_key = c.customer_key
)
SELECT 'all|attraction|customers' AS key, count(*) FILTER (WHERE a)::DOUBLE AS value FROM flags
UNION ALL
SELECT 'all|sales|customers', count(*) FILTER (WHERE a AND n >= 1)::DOUBLE FROM flags
UNION ALL
SELECT 'all|repeat|customers', count(*) FILTER (WHERE a AND n >= 1 AND (n >= 2 OR r))::DOUBLE
FROM flags;
