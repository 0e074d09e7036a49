-- @include completed_orders
CREATE OR REPLACE TEMP VIEW ltv_annual_churn AS
-- The orders-only churn over the 365 days to the range's end: active at t = a completed order
-- in [t - window, t) (variable churn_inactivity_days, default 90); churn = customers active a
-- year before the end and not at the end / customers active a year before the end.
WITH w AS (
    SELECT to_days(coalesce(getvariable('churn_inactivity_days')::INTEGER, 90)) AS d,
           getvariable('range_end') - INTERVAL 365 DAY AS t0
),
at_risk AS (
    SELECT DISTINCT customer_key FROM completed_orders, w
    WHERE ts >= w.t0 - w.d AND ts < w.t0
),
still AS (
    SELECT DISTINCT customer_key FROM completed_orders, w
    WHERE ts >= getvariable('range_end') - w.d AND ts < getvariable('range_end')
)
SELECT count_if(s.customer_key IS NULL)::DOUBLE / nullif(count(*), 0) AS annual_churn
FROM at_risk r LEFT JOIN still s USING (customer_key);
