-- @include orders_
CREATE OR REPLACE TEMP VIEW ltv_orders AS
SELECT customer_key, ts, amount FROM orders_
WHERE status_class = 'completed' AND customer_key IS NOT NULL AND ts IS NOT NULL;
