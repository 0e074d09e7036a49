-- loyalty.visit_frequency: sessions / distinct users with a session / weeks in the range.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Reads: sessions(ts, customer_key, visitor_id)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
-- @include sessions_
SELECT (count(*)::DOUBLE / nullif(count(DISTINCT who), 0))
           / ((epoch(getvariable('range_end')) - epoch(getvariable('range_start'))) / 86400.0 / 7.0) AS value
FROM (SELECT coalesce(customer_key::VARCHAR, 'v:' || visitor_id) AS who
      FROM sessions_ WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end'))
WHERE who IS NOT NULL;
