-- loyalty.customer_churn_rate: subscriptions: customers active at the start with none active at the end / customers active at the start; orders only (inactivity window, variable churn_inactivity_days, default 90): customers with a completed order in the window before the start and none in the window before the end / customers with one in the window before the start.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Settings (variables, unset = default): granularity (VARCHAR: day, week, month, quarter, year; month)
-- Reads: subscriptions(table_index, row, ts = start, customer_key, ended_at, mrr, amount, interval_months, currency, status_class); orders(ts, customer_key, amount, status_class)
-- Pooled basis (as the engine): when the range's base is empty (nobody active at the range start; orders only: nobody bought in the previous period) and the range spans
-- at least two periods of the granularity (variable `granularity`, default month), the value
-- is Σ numerator / Σ denominator over the range's periods, each period's own figures, periods
-- with a zero denominator left out. (The engine reads the previous range of a selection, used
-- for the change, on the range basis; a twin is always asked for a selection.)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
-- @include subscriptions_
-- @include completed_orders
-- @include mrr_movements
-- @include mrr_pooled
WITH o AS (SELECT * FROM completed_orders),
w AS (
    -- The inactivity window: active at t = a completed order in [t - window, t).
    SELECT to_days(coalesce(getvariable('churn_inactivity_days')::INTEGER, 90)) AS d
),
prev AS (
    SELECT DISTINCT customer_key FROM o, w
    WHERE ts >= getvariable('range_start') - w.d AND ts < getvariable('range_start')
),
cur AS (
    SELECT DISTINCT customer_key FROM o, w
    WHERE ts >= getvariable('range_end') - w.d AND ts < getvariable('range_end')
),
o_prev_p AS (
    -- Per period: the customers active at its start, and at its end.
    SELECT DISTINCT p.ps, o.customer_key FROM range_periods p CROSS JOIN w JOIN o
        ON o.ts >= p.ps - w.d AND o.ts < p.ps
),
o_cur_p AS (
    SELECT DISTINCT p.ps, o.customer_key FROM range_periods p CROSS JOIN w JOIN o
        ON o.ts >= p.pe - w.d AND o.ts < p.pe
),
o_pooled AS (
    SELECT count(*) AS before, count_if(c.customer_key IS NULL) AS lost
    FROM o_prev_p b LEFT JOIN o_cur_p c USING (ps, customer_key)
)
SELECT CASE WHEN (SELECT count(*) FROM subscriptions_ WHERE ts IS NOT NULL AND coalesce(mrr, amount) IS NOT NULL) > 0
            THEN (SELECT CASE WHEN m.customers_start > 0 THEN m.customers_churned::DOUBLE / m.customers_start
                              WHEN pooled.n_periods >= 2 THEN pooled.customers_churned::DOUBLE / nullif(pooled.customers_start, 0)
                         END FROM mrr_movements m, mrr_pooled pooled)
            WHEN (SELECT count(*) FROM prev) > 0 OR (SELECT count(*) FROM range_periods) < 2
            THEN (SELECT count_if(cur.customer_key IS NULL)::DOUBLE / nullif(count(*), 0)
                  FROM prev LEFT JOIN cur USING (customer_key))
            ELSE (SELECT lost::DOUBLE / nullif(before, 0) FROM o_pooled)
       END AS value;
