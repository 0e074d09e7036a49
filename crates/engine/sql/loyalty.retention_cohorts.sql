-- loyalty.retention_cohorts: the pooled one-period retention over finished cells,
-- Σ active(c, 1) / Σ size(c) over cohorts c whose period c + 1 ends by the range's end.
-- Cohort = the month (or week, variable cohort_period) of the customer's first completed order
-- over all the data, for first orders in the range; active(c, 1) = cohort customers with a
-- completed order in period c + 1.
-- @include completed_orders
WITH g AS (
    SELECT coalesce(getvariable('cohort_period')[1], 'month') AS unit,
           CASE WHEN coalesce(getvariable('cohort_period')[1], 'month') = 'week'
                THEN INTERVAL 7 DAY ELSE INTERVAL 1 MONTH END AS step
),
firsts AS (
    SELECT customer_key, min(ts) AS first_at FROM completed_orders GROUP BY customer_key
),
cohort AS (
    SELECT f.customer_key, date_trunc(g.unit, f.first_at) AS c
    FROM firsts f, g
    WHERE f.first_at >= getvariable('range_start') AND f.first_at < getvariable('range_end')
),
finished AS (
    -- cohorts whose cell k = 1 is finished: period c + 1 ends by the range's end
    SELECT cohort.* FROM cohort, g WHERE cohort.c + 2 * g.step <= getvariable('range_end')
),
kept AS (
    SELECT DISTINCT o.customer_key
    FROM completed_orders o
    JOIN finished f ON f.customer_key = o.customer_key, g
    WHERE date_trunc(g.unit, o.ts) = f.c + g.step AND o.ts < getvariable('range_end')
)
SELECT (SELECT count(*) FROM kept)::DOUBLE / nullif((SELECT count(*) FROM finished), 0) AS value;
