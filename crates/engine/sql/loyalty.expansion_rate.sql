-- loyalty.expansion_rate: subscriptions: (expansion + reactivation MRR) / MRR at the start; orders only: growth of returning customers who grew / their previous-period revenue.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Settings (variables, unset = default): granularity (VARCHAR: day, week, month, quarter, year; month)
-- Reads: subscriptions(table_index, row, ts = start, customer_key, ended_at, mrr, amount, interval_months, currency, status_class); orders(ts, customer_key, amount, status_class)
-- Pooled basis (as the engine): when the range's base is empty (MRR 0 at the range start; orders only: nobody bought in the previous period) and the range spans
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
prev AS (
    SELECT customer_key, sum(amount) AS rev FROM o
    WHERE ts >= getvariable('range_start') - (getvariable('range_end') - getvariable('range_start')) AND ts < getvariable('range_start')
    GROUP BY customer_key
),
cur AS (
    SELECT customer_key, sum(amount) AS rev FROM o
    WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end')
    GROUP BY customer_key
),
o_amount AS (
    SELECT sum(prev.rev) AS base, sum(greatest(cur.rev - prev.rev, 0)) AS growth
    FROM (SELECT customer_key, sum(amount) AS rev FROM o WHERE amount IS NOT NULL
          AND ts >= getvariable('range_start') - (getvariable('range_end') - getvariable('range_start')) AND ts < getvariable('range_start') GROUP BY customer_key) prev
    JOIN (SELECT customer_key, sum(amount) AS rev FROM o WHERE amount IS NOT NULL
          AND ts >= getvariable('range_start') AND ts < getvariable('range_end') GROUP BY customer_key) cur USING (customer_key)
),
o_prev_p AS (
    -- Per period: revenue of each buyer in its previous period of equal length, and in it.
    SELECT p.ps, o.customer_key, sum(o.amount) AS rev FROM range_periods p JOIN o
        ON o.ts >= p.ps - (p.pe - p.ps) AND o.ts < p.ps
    WHERE o.amount IS NOT NULL GROUP BY p.ps, o.customer_key
),
o_cur_p AS (
    SELECT p.ps, o.customer_key, sum(o.amount) AS rev FROM range_periods p JOIN o ON o.ts >= p.ps AND o.ts < p.pe
    WHERE o.amount IS NOT NULL GROUP BY p.ps, o.customer_key
),
o_grow_p AS (
    SELECT ps, sum(b.rev) AS base, sum(greatest(c.rev - b.rev, 0)) AS growth
    FROM o_prev_p b JOIN o_cur_p c USING (ps, customer_key) GROUP BY ps
),
o_pooled AS (
    SELECT sum(growth) FILTER (WHERE base <> 0) AS growth, sum(base) FILTER (WHERE base <> 0) AS base FROM o_grow_p
)
SELECT CASE WHEN (SELECT count(*) FROM subscriptions_ WHERE ts IS NOT NULL AND coalesce(mrr, amount) IS NOT NULL) > 0
            THEN (SELECT CASE WHEN m.mrr_start > 0 THEN (m.expansion + m.reactivation) / m.mrr_start
                              WHEN pooled.n_periods >= 2 THEN pooled.grown / nullif(pooled.mrr_start, 0)
                         END FROM mrr_movements m, mrr_pooled pooled)
            WHEN (SELECT count(*) FROM prev WHERE rev IS NOT NULL) > 0 OR (SELECT count(*) FROM range_periods) < 2
            THEN (SELECT CASE WHEN base > 0 THEN growth / base END FROM o_amount)
            ELSE (SELECT CASE WHEN base > 0 THEN growth / base END FROM o_pooled)
       END::DOUBLE AS value;
