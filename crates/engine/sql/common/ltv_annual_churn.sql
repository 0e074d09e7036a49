-- @include completed_orders
-- @include ltv_customer_spans
CREATE OR REPLACE TEMP VIEW ltv_annual_churn AS
-- At risk: first order at least 365 days before the latest order; lost: none since.
SELECT count_if(last <= cutoff)::DOUBLE / nullif(count(*), 0) AS annual_churn
FROM ltv_customer_spans, (SELECT max(ts) - INTERVAL 365 DAY AS cutoff FROM completed_orders) c
WHERE first <= cutoff;
