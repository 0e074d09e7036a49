-- loyalty.visit_frequency: sessions / distinct users with a session / weeks in the range.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Reads: sessions(ts, customer_key, visitor_id)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
WITH sessions_ AS (
    SELECT table_index, "row", line, file, customer_key, ts,
           (to_json(src) ->> 'session_duration')::DOUBLE AS session_duration,
           (to_json(src) ->> 'started_at')::TIMESTAMP AS started_at,
           (to_json(src) ->> 'ended_at')::TIMESTAMP AS ended_at,
           (to_json(src) ->> 'email')::VARCHAR AS email,
           (to_json(src) ->> 'customer_id')::VARCHAR AS customer_id,
           (to_json(src) ->> 'visitor_id')::VARCHAR AS visitor_id
    FROM sessions src
)
SELECT (count(*)::DOUBLE / nullif(count(DISTINCT who), 0))
           / ((epoch(getvariable('range_end')) - epoch(getvariable('range_start'))) / 86400.0 / 7.0) AS value
FROM (SELECT coalesce(customer_key::VARCHAR, 'v:' || visitor_id) AS who
      FROM sessions_ WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end'))
WHERE who IS NOT NULL;
