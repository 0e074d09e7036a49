-- loyalty.retention_cohorts (details): every cell (cohort, k), counted independently of the
-- engine. Cohort = the month (or week, variable cohort_period) of the customer's first
-- completed order over all the data, for first orders in the range; k from 0 to the range's
-- last period. size = the cohort's customers; active = those with a completed order dated in
-- period cohort + k, before the range's end; revenue = those orders' amounts in the orders'
-- main currency (the one most rows with an amount are in). Rows: keys
-- '<cohort>|<k>|size', '...|active', '...|revenue'.
WITH g AS (
    SELECT coalesce(getvariable('cohort_period')[1], 'month') AS unit
),
main AS (
    SELECT currency FROM orders WHERE amount IS NOT NULL
    GROUP BY currency ORDER BY count(*) DESC, currency ASC NULLS FIRST LIMIT 1
),
done AS (
    SELECT customer_key, ts,
           CASE WHEN currency IS NOT DISTINCT FROM (SELECT currency FROM main) THEN amount END
               AS amount
    FROM orders
    WHERE status_class = 'completed' AND customer_key IS NOT NULL AND ts IS NOT NULL
),
firsts AS (SELECT customer_key, min(ts) AS first_at FROM done GROUP BY customer_key),
cohort AS (
    SELECT f.customer_key, date_trunc(g.unit, f.first_at) AS c
    FROM firsts f, g
    WHERE f.first_at >= getvariable('range_start') AND f.first_at < getvariable('range_end')
),
-- Periods apart: months by calendar, weeks by 7 days between Monday starts.
steps AS (
    SELECT c.customer_key, c.c,
           CASE WHEN g.unit = 'week'
                THEN date_diff('day', c.c, date_trunc('week', d.ts)) // 7
                ELSE date_diff('month', c.c, date_trunc('month', d.ts)) END AS k,
           d.amount
    FROM cohort c JOIN done d ON d.customer_key = c.customer_key, g
    WHERE d.ts < getvariable('range_end')
),
sizes AS (SELECT c, count(*) AS size FROM cohort GROUP BY c),
grid AS (
    SELECT s.c, s.size, unnest(range(0, (
        CASE WHEN g.unit = 'week'
             THEN date_diff('day', s.c, date_trunc('week', getvariable('range_end') - INTERVAL 1 SECOND)) // 7
             ELSE date_diff('month', s.c, date_trunc('month', getvariable('range_end') - INTERVAL 1 SECOND)) END
        ) + 1)) AS k
    FROM sizes s, g
),
cells AS (
    SELECT grid.c, grid.k, grid.size,
           count(DISTINCT steps.customer_key) AS active,
           coalesce(sum(steps.amount), 0) AS revenue
    FROM grid LEFT JOIN steps ON steps.c = grid.c AND steps.k = grid.k
    GROUP BY grid.c, grid.k, grid.size
),
labelled AS (
    SELECT CASE WHEN g.unit = 'week' THEN strftime(c, '%G-W%V') ELSE strftime(c, '%Y-%m') END
               || '|' || k::VARCHAR AS cell, size, active, revenue
    FROM cells, g
)
SELECT cell || '|size' AS key, size::DOUBLE AS value FROM labelled
UNION ALL SELECT cell || '|active', active::DOUBLE FROM labelled
UNION ALL SELECT cell || '|revenue', revenue::DOUBLE FROM labelled;
