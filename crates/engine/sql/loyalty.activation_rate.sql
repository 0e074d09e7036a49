-- loyalty.activation_rate: new customers (first seen in the range) who reach the activation event at or after signup / new customers.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Settings (variables, unset = default): activation_event ('activation')
-- Reads: orders(ts, customer_key, status_class), subscriptions(ts, customer_key), events(ts, customer_key, event_name)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
-- @include new_customers_in_range
WITH milestone AS (
    SELECT customer_key, min(ts) AS ts FROM events_
    WHERE customer_key IS NOT NULL AND ts IS NOT NULL
      AND trim(regexp_replace(strip_accents(lower(event_name)), '[^a-z0-9]+', ' ', 'g')) = trim(regexp_replace(strip_accents(lower(coalesce(getvariable('activation_event'), 'activation'))), '[^a-z0-9]+', ' ', 'g'))
    GROUP BY customer_key
)
SELECT (count(*) FILTER (WHERE m.ts >= n.ts))::DOUBLE / nullif(count(*), 0) AS value
FROM new_customers_in_range n LEFT JOIN milestone m USING (customer_key);
