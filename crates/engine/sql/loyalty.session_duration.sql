-- loyalty.session_duration: median session length in hours (duration column read as seconds, else end - start).
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Reads: sessions(ts, session_duration, started_at, ended_at)
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
SELECT median(s / 3600.0)::DOUBLE AS value, avg(s / 3600.0)::DOUBLE AS mean
FROM (SELECT coalesce(session_duration, epoch(ended_at) - epoch(started_at)) AS s
      FROM sessions_ WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end'))
WHERE s >= 0;
