-- loyalty.dau: mean distinct active users per day of the range (days with no activity count as 0).
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Reads: events and sessions(ts, customer_key, visitor_id)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
-- @include user_activity
SELECT count(DISTINCT (ts::DATE, who))::DOUBLE / ((epoch(getvariable('range_end')) - epoch(getvariable('range_start'))) / 86400.0) AS value
FROM user_activity
WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end') AND who IS NOT NULL;
