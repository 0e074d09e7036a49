-- journey.lifecycle: customers active in the range (a completed order, event or session):
-- new (never active before) + returning (active in the previous period of the query's
-- granularity too) + resurrecting (not in the previous period, active before).
-- @include completed_orders
WITH act AS (
    SELECT customer_key, ts FROM completed_orders
    UNION ALL SELECT customer_key, ts FROM events WHERE customer_key IS NOT NULL AND ts IS NOT NULL
    UNION ALL SELECT customer_key, ts FROM sessions WHERE customer_key IS NOT NULL AND ts IS NOT NULL
),
p AS (
    SELECT date_trunc(getvariable('granularity'), getvariable('range_start')) AS this_start
),
prev AS (
    SELECT date_trunc(getvariable('granularity'), this_start - INTERVAL 1 DAY) AS ps, this_start AS pe FROM p
),
per AS (
    SELECT customer_key,
           bool_or(ts >= getvariable('range_start')) AS cur,
           bool_or(ts >= prev.ps AND ts < prev.pe) AS in_prev,
           bool_or(ts < getvariable('range_start')) AS before
    FROM act, prev
    WHERE ts < getvariable('range_end')
    GROUP BY customer_key
)
SELECT (count_if(cur AND NOT before) + count_if(cur AND in_prev)
        + count_if(cur AND NOT in_prev AND before))::DOUBLE AS value
FROM per;
