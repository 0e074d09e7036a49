-- loyalty.customer_churn_rate: subscriptions: customers active at the start with none active at the end / customers active at the start; orders only: previous-period buyers who did not buy in this one / previous-period buyers.
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
WITH subscriptions_ AS (
    SELECT table_index, "row", line, file, customer_key, ts,
           (to_json(src) ->> 'customer_id')::VARCHAR AS customer_id,
           (to_json(src) ->> 'ended_at')::TIMESTAMP AS ended_at,
           (to_json(src) ->> 'mrr')::DOUBLE AS mrr,
           (to_json(src) ->> 'amount')::DOUBLE AS amount,
           (to_json(src) ->> 'billing_interval')::VARCHAR AS billing_interval,
           (to_json(src) ->> 'status_class')::VARCHAR AS status_class,
           (to_json(src) ->> 'seats')::DOUBLE AS seats,
           (to_json(src) ->> 'quantity')::DOUBLE AS quantity
    FROM subscriptions src
),
orders_ AS (
    SELECT table_index, "row", line, file, customer_key, ts,
           (to_json(src) ->> 'amount')::DOUBLE AS amount,
           (to_json(src) ->> 'status_class')::VARCHAR AS status_class,
           (to_json(src) ->> 'cost')::DOUBLE AS cost,
           (to_json(src) ->> 'margin')::DOUBLE AS margin,
           (to_json(src) ->> 'referrer')::VARCHAR AS referrer,
           (to_json(src) ->> 'source')::VARCHAR AS source,
           (to_json(src) ->> 'channel')::VARCHAR AS channel,
           (to_json(src) ->> 'medium')::VARCHAR AS medium
    FROM orders src
),
main AS (
    -- The main currency: the one of most subscription rows with an amount (ties:
    -- alphabetical, unknown first). Other currencies are never summed.
    SELECT currency FROM subscriptions WHERE coalesce(mrr, amount) IS NOT NULL
    GROUP BY currency ORDER BY count(*) DESC, currency ASC NULLS FIRST LIMIT 1
),
book AS (
    -- The subscription book shared with the sales MRR twins: a start; not cancelled/refunded
    -- without an end, not abandoned/pending; an end after the start; the main currency; a
    -- positive monthly amount (the mrr cell, else amount / months of its billing interval).
    SELECT coalesce(customer_key::VARCHAR, 'row:' || table_index || ':' || "row") AS who,
           ts AS started, ended_at AS ended,
           coalesce(mrr, amount / interval_months) AS monthly
    FROM subscriptions
    WHERE ts IS NOT NULL
      AND (ended_at IS NULL OR ended_at > ts)
      AND NOT (status_class IN ('cancelled', 'refunded') AND ended_at IS NULL)
      AND status_class NOT IN ('abandoned', 'pending')
      AND currency IS NOT DISTINCT FROM (SELECT currency FROM main)
      AND coalesce(mrr, amount / interval_months) > 0
),
per AS (
    -- Active at t: started < t and not ended before t.
    SELECT who,
        sum(CASE WHEN started < getvariable('range_start') AND (ended IS NULL OR ended >= getvariable('range_start')) THEN monthly ELSE 0 END) AS s,
        sum(CASE WHEN started < getvariable('range_end') AND (ended IS NULL OR ended >= getvariable('range_end')) THEN monthly ELSE 0 END) AS e,
        bool_or(started < getvariable('range_start') AND (ended IS NULL OR ended >= getvariable('range_start'))) AS active_s,
        bool_or(started < getvariable('range_end') AND (ended IS NULL OR ended >= getvariable('range_end'))) AS active_e,
        bool_or(started < getvariable('range_start')) AS paid_before
    FROM book
    WHERE monthly >= 0
    GROUP BY who
),
m AS (
    SELECT sum(s) AS mrr_start, sum(e) AS mrr_end,
           sum(CASE WHEN s > 0 AND e > s THEN e - s ELSE 0 END) AS expansion,
           sum(CASE WHEN s > 0 AND e > 0 AND e < s THEN s - e ELSE 0 END) AS contraction,
           sum(CASE WHEN s > 0 AND e = 0 THEN s ELSE 0 END) AS churn,
           sum(CASE WHEN s = 0 AND e > 0 AND paid_before THEN e ELSE 0 END) AS reactivation,
           sum(CASE WHEN s = 0 AND e > 0 AND NOT paid_before THEN e ELSE 0 END) AS new,
           count_if(active_s) AS customers_start,
           count_if(active_s AND NOT active_e) AS customers_churned
    FROM per
),
grain AS (
    -- The query's granularity (variable, default month), as the engine cuts its series.
    SELECT coalesce(getvariable('granularity'), 'month') AS name,
           CASE coalesce(getvariable('granularity'), 'month')
               WHEN 'day' THEN INTERVAL 1 DAY WHEN 'week' THEN INTERVAL 7 DAY
               WHEN 'quarter' THEN INTERVAL 3 MONTH WHEN 'year' THEN INTERVAL 1 YEAR
               ELSE INTERVAL 1 MONTH END AS step
),
periods AS (
    -- The range's periods (calendar-aligned, ISO weeks), clipped to the range: [ps, pe).
    SELECT greatest(p, getvariable('range_start')) AS ps,
           least(p + step, getvariable('range_end')) AS pe
    FROM (SELECT unnest(generate_series(date_trunc(name, getvariable('range_start'))::TIMESTAMP,
                                        getvariable('range_end') - INTERVAL 1 SECOND, step)) AS p, step
          FROM grain)
),
pper AS (
    -- The same per customer, at each period's start ps and end pe.
    SELECT ps, who,
        sum(CASE WHEN started < ps AND (ended IS NULL OR ended >= ps) THEN monthly ELSE 0 END) AS s,
        sum(CASE WHEN started < pe AND (ended IS NULL OR ended >= pe) THEN monthly ELSE 0 END) AS e,
        bool_or(started < ps AND (ended IS NULL OR ended >= ps)) AS active_s,
        bool_or(started < pe AND (ended IS NULL OR ended >= pe)) AS active_e,
        bool_or(started < ps) AS paid_before
    FROM periods, book
    WHERE monthly >= 0
    GROUP BY ps, who
),
pm AS (
    -- Each period's movements (its series point's numerator and denominator).
    SELECT ps, sum(s) AS mrr_start,
           sum(CASE WHEN s > 0 AND e > s THEN e - s ELSE 0 END) AS expansion,
           sum(CASE WHEN s > 0 AND e > 0 AND e < s THEN s - e ELSE 0 END) AS contraction,
           sum(CASE WHEN s > 0 AND e = 0 THEN s ELSE 0 END) AS churn,
           sum(CASE WHEN s = 0 AND e > 0 AND paid_before THEN e ELSE 0 END) AS reactivation,
           count_if(active_s) AS customers_start,
           count_if(active_s AND NOT active_e) AS customers_churned
    FROM pper
    GROUP BY ps
),
pooled AS (
    -- Σ over the periods with a non-zero denominator.
    SELECT (SELECT count(*) FROM periods) AS n_periods,
           sum(mrr_start) FILTER (WHERE mrr_start > 0) AS mrr_start,
           sum(churn + contraction) FILTER (WHERE mrr_start > 0) AS lost,
           sum(mrr_start + expansion + reactivation - contraction - churn) FILTER (WHERE mrr_start > 0) AS retained,
           sum(mrr_start - contraction - churn) FILTER (WHERE mrr_start > 0) AS retained_gross,
           sum(expansion + reactivation) FILTER (WHERE mrr_start > 0) AS grown,
           sum(customers_start) FILTER (WHERE customers_start > 0) AS customers_start,
           sum(customers_churned) FILTER (WHERE customers_start > 0) AS customers_churned
    FROM pm
),
o AS (
    SELECT customer_key, ts, amount FROM orders_
    WHERE status_class = 'completed' AND customer_key IS NOT NULL AND ts IS NOT NULL
),
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
o_prev_p AS (
    -- Per period: the buyers of its previous period of equal length, and of the period.
    SELECT DISTINCT p.ps, o.customer_key FROM periods p JOIN o
        ON o.ts >= p.ps - (p.pe - p.ps) AND o.ts < p.ps
),
o_cur_p AS (
    SELECT DISTINCT p.ps, o.customer_key FROM periods p JOIN o ON o.ts >= p.ps AND o.ts < p.pe
),
o_pooled AS (
    SELECT count(*) AS before, count_if(c.customer_key IS NULL) AS lost
    FROM o_prev_p b LEFT JOIN o_cur_p c USING (ps, customer_key)
)
SELECT CASE WHEN (SELECT count(*) FROM subscriptions_ WHERE ts IS NOT NULL AND coalesce(mrr, amount) IS NOT NULL) > 0
            THEN (SELECT CASE WHEN m.customers_start > 0 THEN m.customers_churned::DOUBLE / m.customers_start
                              WHEN pooled.n_periods >= 2 THEN pooled.customers_churned::DOUBLE / nullif(pooled.customers_start, 0)
                         END FROM m, pooled)
            WHEN (SELECT count(*) FROM prev) > 0 OR (SELECT count(*) FROM periods) < 2
            THEN (SELECT count_if(cur.customer_key IS NULL)::DOUBLE / nullif(count(*), 0)
                  FROM prev LEFT JOIN cur USING (customer_key))
            ELSE (SELECT lost::DOUBLE / nullif(before, 0) FROM o_pooled)
       END AS value;
