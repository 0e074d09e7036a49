-- loyalty.activation_rate: new customers (first seen in the range) who reach the activation event at or after signup / new customers.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Settings (variables, unset = default): activation_event ('activation')
-- Reads: orders(ts, customer_key, status_class), subscriptions(ts, customer_key), events(ts, customer_key, event_name)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
WITH subscriptions_ AS (
    SELECT table_index, "row", line, file, customer_key, ts,
           (to_json(src) ->> 'customer_id')::VARCHAR AS customer_id,
           (to_json(src) ->> 'ended_at')::TIMESTAMP AS ended_at,
           (to_json(src) ->> 'mrr')::DOUBLE AS mrr,
           (to_json(src) ->> 'amount')::DOUBLE AS amount,
           (to_json(src) ->> 'billing_interval')::VARCHAR AS billing_interval,
           (to_json(src) ->> 'status_class')::VARCHAR AS status_class,
           (to_json(src) ->> 'seats')::DOUBLE AS seats,
           (to_json(src) ->> 'quantity')::DOUBLE AS quantity
    FROM subscriptions src
),
orders_ AS (
    SELECT table_index, "row", line, file, customer_key, ts,
           (to_json(src) ->> 'amount')::DOUBLE AS amount,
           (to_json(src) ->> 'status_class')::VARCHAR AS status_class,
           (to_json(src) ->> 'cost')::DOUBLE AS cost,
           (to_json(src) ->> 'margin')::DOUBLE AS margin,
           (to_json(src) ->> 'referrer')::VARCHAR AS referrer,
           (to_json(src) ->> 'source')::VARCHAR AS source,
           (to_json(src) ->> 'channel')::VARCHAR AS channel,
           (to_json(src) ->> 'medium')::VARCHAR AS medium
    FROM orders src
),
events_ AS (
    SELECT table_index, "row", line, file, customer_key, ts,
           (to_json(src) ->> 'event_name')::VARCHAR AS event_name,
           (to_json(src) ->> 'customer_id')::VARCHAR AS customer_id,
           (to_json(src) ->> 'email')::VARCHAR AS email,
           (to_json(src) ->> 'visitor_id')::VARCHAR AS visitor_id
    FROM events src
),
signup AS (
    -- First seen: first completed order, subscription start or event, over all history.
    SELECT customer_key, min(ts) AS ts FROM (
        SELECT customer_key, ts FROM orders_ WHERE status_class = 'completed'
        UNION ALL SELECT customer_key, ts FROM subscriptions_
        UNION ALL SELECT customer_key, ts FROM events_
    )
    WHERE customer_key IS NOT NULL AND ts IS NOT NULL
    GROUP BY customer_key
),
new_customers AS (
    SELECT * FROM signup WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end')
),
milestone AS (
    SELECT customer_key, min(ts) AS ts FROM events_
    WHERE customer_key IS NOT NULL AND ts IS NOT NULL
      AND trim(regexp_replace(strip_accents(lower(event_name)), '[^a-z0-9]+', ' ', 'g')) = trim(regexp_replace(strip_accents(lower(coalesce(getvariable('activation_event'), 'activation'))), '[^a-z0-9]+', ' ', 'g'))
    GROUP BY customer_key
)
SELECT (count(*) FILTER (WHERE m.ts >= n.ts))::DOUBLE / nullif(count(*), 0) AS value
FROM new_customers n LEFT JOIN milestone m USING (customer_key);
