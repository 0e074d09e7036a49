-- loyalty.time_to_value: median days from signup to the first value event, over new customers of the range who reached it.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Settings (variables, unset = default): signup_event ('signup'), value_event ('first_value')
-- Reads: orders(ts, customer_key, status_class), subscriptions(ts, customer_key), events(ts, customer_key, event_name)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
-- @include new_customers_in_range
WITH milestone AS (
    SELECT customer_key, min(ts) AS ts FROM events_
    WHERE customer_key IS NOT NULL AND ts IS NOT NULL
      AND trim(regexp_replace(strip_accents(lower(event_name)), '[^a-z0-9]+', ' ', 'g')) = trim(regexp_replace(strip_accents(lower(coalesce(getvariable('value_event'), 'first_value'))), '[^a-z0-9]+', ' ', 'g'))
    GROUP BY customer_key
)
SELECT median((epoch(m.ts) - epoch(n.ts)) / 86400.0)::DOUBLE AS value,
       avg((epoch(m.ts) - epoch(n.ts)) / 86400.0)::DOUBLE AS mean
FROM new_customers_in_range n JOIN milestone m USING (customer_key)
WHERE m.ts >= n.ts;
