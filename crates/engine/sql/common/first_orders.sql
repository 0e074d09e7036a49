CREATE OR REPLACE TEMP VIEW first_orders AS
-- Each customer's first completed order over all the data.
SELECT customer_key, min(ts) AS first_at
FROM orders
WHERE status_class = 'completed' AND customer_key IS NOT NULL AND ts IS NOT NULL
GROUP BY customer_key;
