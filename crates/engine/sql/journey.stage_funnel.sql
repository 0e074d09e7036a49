-- journey.stage_funnel: customers first seen in the range (their earliest dated row of a
-- journey file) who reached sales (a completed order) after attraction (any lead, session,
-- chat or social row) / those who reached attraction.
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
bought AS (SELECT DISTINCT customer_key FROM completed_orders)
SELECT count(b.customer_key)::DOUBLE / nullif(count(*), 0) AS value
FROM cohort c
JOIN attracted a ON a.customer_key = c.customer_key
LEFT JOIN bought b ON b.customer_key = c.customer_key;
