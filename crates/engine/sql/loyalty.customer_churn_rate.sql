-- loyalty.customer_churn_rate: subscriptions: customers active at the start with none active at the end / customers active at the start; orders only: previous-period buyers who did not buy in this one / previous-period buyers.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Reads: subscriptions(table_index, row, ts = start, customer_key, ended_at, mrr, amount, billing_interval, status_class); orders(ts, customer_key, amount, status_class)
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
valued AS (
    SELECT *, bool_or(mrr IS NOT NULL) OVER (PARTITION BY table_index) AS file_has_mrr
    FROM subscriptions_
),
book AS (
    -- Usable rows: a start; not cancelled/refunded without an end, not abandoned/pending;
    -- monthly amount from mrr (files with an mrr column), else amount / interval months.
    SELECT coalesce(customer_key::VARCHAR, 'row:' || table_index || ':' || "row") AS who,
           ts AS started, ended_at AS ended,
           CASE WHEN file_has_mrr THEN mrr
                ELSE amount / CASE billing_interval
                    WHEN 'month' THEN 1 WHEN 'year' THEN 12 WHEN 'quarter' THEN 3
                    WHEN 'semester' THEN 6 WHEN 'week' THEN 12.0 / 52 WHEN 'day' THEN 12.0 / 365
                END
           END AS monthly
    FROM valued
    WHERE ts IS NOT NULL
      AND NOT (status_class IN ('cancelled', 'refunded') AND ended_at IS NULL)
      AND status_class NOT IN ('abandoned', 'pending')
      AND (ended_at IS NULL OR ended_at >= ts)
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
)
SELECT CASE WHEN (SELECT count(*) FROM subscriptions_ WHERE ts IS NOT NULL AND coalesce(mrr, amount) IS NOT NULL) > 0
            THEN (SELECT customers_churned::DOUBLE / nullif(customers_start, 0) FROM m)
            ELSE (SELECT count_if(cur.customer_key IS NULL)::DOUBLE / nullif(count(*), 0)
                  FROM prev LEFT JOIN cur USING (customer_key))
       END AS value;
