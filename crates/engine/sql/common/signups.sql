-- @include subscriptions_
-- @include orders_
-- @include events_
CREATE OR REPLACE TEMP VIEW signups AS
-- Signup: the customer's first signup event (setting signup_event, default 'signup'); only
-- for customers with none, their first completed order or subscription start. Over all
-- history; other events never start the clock.
WITH by_event AS (
    SELECT customer_key, min(ts) AS ts FROM events_
    WHERE customer_key IS NOT NULL AND ts IS NOT NULL
      AND trim(regexp_replace(strip_accents(lower(event_name)), '[^a-z0-9]+', ' ', 'g'))
          = trim(regexp_replace(strip_accents(lower(coalesce(getvariable('signup_event'), 'signup'))), '[^a-z0-9]+', ' ', 'g'))
    GROUP BY customer_key
),
by_purchase AS (
    SELECT customer_key, min(ts) AS ts FROM (
        SELECT customer_key, ts FROM orders_ WHERE status_class = 'completed'
        UNION ALL SELECT customer_key, ts FROM subscriptions_
    )
    WHERE customer_key IS NOT NULL AND ts IS NOT NULL
    GROUP BY customer_key
)
SELECT coalesce(e.customer_key, p.customer_key) AS customer_key, coalesce(e.ts, p.ts) AS ts
FROM by_event e FULL OUTER JOIN by_purchase p USING (customer_key);
