-- @include completed_orders
CREATE OR REPLACE TEMP VIEW ltv_customer_spans AS
SELECT customer_key, min(ts) AS first, max(ts) AS last FROM completed_orders GROUP BY customer_key;
