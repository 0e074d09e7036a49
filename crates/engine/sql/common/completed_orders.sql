-- @include orders_
-- Completed orders with a customer and a date (LTV, and the orders-only retention figures).
CREATE OR REPLACE TEMP VIEW completed_orders AS
SELECT customer_key, ts, amount FROM orders_
WHERE status_class = 'completed' AND customer_key IS NOT NULL AND ts IS NOT NULL;
