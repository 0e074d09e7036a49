-- @include subscriptions_
-- @include orders_
-- @include events_
CREATE OR REPLACE TEMP VIEW signups AS
-- First seen: first completed order, subscription start or event, over all history.
SELECT customer_key, min(ts) AS ts FROM (
    SELECT customer_key, ts FROM orders_ WHERE status_class = 'completed'
    UNION ALL SELECT customer_key, ts FROM subscriptions_
    UNION ALL SELECT customer_key, ts FROM events_
)
WHERE customer_key IS NOT NULL AND ts IS NOT NULL
GROUP BY customer_key;
