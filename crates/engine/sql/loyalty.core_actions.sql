-- loyalty.core_actions: active users (any event in the range) who performed at least one core action / active users.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Settings (variables, unset = default): core_actions (VARCHAR[]; required)
-- Reads: events(ts, customer_key, visitor_id, event_name)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
WITH events_ AS (
    SELECT table_index, "row", line, file, customer_key, ts,
           (to_json(src) ->> 'event_name')::VARCHAR AS event_name,
           (to_json(src) ->> 'customer_id')::VARCHAR AS customer_id,
           (to_json(src) ->> 'email')::VARCHAR AS email,
           (to_json(src) ->> 'visitor_id')::VARCHAR AS visitor_id
    FROM events src
),
e AS (
    SELECT coalesce(customer_key::VARCHAR, 'v:' || visitor_id) AS who,
           list_contains(list_transform(getvariable('core_actions')::VARCHAR[], x -> trim(regexp_replace(strip_accents(lower(x)), '[^a-z0-9]+', ' ', 'g'))),
                         trim(regexp_replace(strip_accents(lower(event_name)), '[^a-z0-9]+', ' ', 'g'))) AS core
    FROM events_
    WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end') AND event_name IS NOT NULL
)
SELECT count(DISTINCT who) FILTER (WHERE core)::DOUBLE / nullif(count(DISTINCT who), 0) AS value
FROM e
WHERE who IS NOT NULL;
