-- journey.time_between_stages: the median days from a customer's first lead or visit (any
-- attraction row) to their first completed order, over customers whose first order lies in
-- the range and comes no earlier than the first lead or visit.
-- @include journey_rows
-- @include completed_orders
WITH first_visit AS (
    SELECT customer_key, min(ts) AS at FROM journey_rows
    WHERE stage = 0 AND customer_key IS NOT NULL AND ts IS NOT NULL GROUP BY customer_key
),
first_order AS (
    SELECT customer_key, min(ts) AS at FROM completed_orders GROUP BY customer_key
)
SELECT median((epoch(o.at) - epoch(v.at)) / 86400.0) AS value
FROM first_order o JOIN first_visit v ON v.customer_key = o.customer_key
WHERE o.at >= getvariable('range_start') AND o.at < getvariable('range_end') AND o.at >= v.at;
