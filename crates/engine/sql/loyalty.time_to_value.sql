-- loyalty.time_to_value: median days from signup to the first value event, over new customers of the range who reached it.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Settings (variables, unset = default): value_event ('first_value')
-- Reads: orders(at, customer_key, status_class), subscriptions(at, customer_key), events(at, customer_key, event_name)
WITH signup AS (
    -- First seen: first completed order, subscription start or event, over all history.
    SELECT customer_key, min("at") AS "at" FROM (
        SELECT customer_key, "at" FROM orders WHERE status_class = 'completed'
        UNION ALL SELECT customer_key, "at" FROM subscriptions
        UNION ALL SELECT customer_key, "at" FROM events
    )
    WHERE customer_key IS NOT NULL AND "at" IS NOT NULL
    GROUP BY customer_key
),
new_customers AS (
    SELECT * FROM signup WHERE "at" >= getvariable('range_start') AND "at" < getvariable('range_end')
),
milestone AS (
    SELECT customer_key, min("at") AS "at" FROM events
    WHERE customer_key IS NOT NULL AND "at" IS NOT NULL
      AND trim(regexp_replace(strip_accents(lower(event_name)), '[^a-z0-9]+', ' ', 'g')) = trim(regexp_replace(strip_accents(lower(coalesce(getvariable('value_event'), 'first_value'))), '[^a-z0-9]+', ' ', 'g'))
    GROUP BY customer_key
)
SELECT median((epoch(m."at") - epoch(n."at")) / 86400.0)::DOUBLE AS value,
       avg((epoch(m."at") - epoch(n."at")) / 86400.0)::DOUBLE AS mean
FROM new_customers n JOIN milestone m USING (customer_key)
WHERE m."at" >= n."at";
