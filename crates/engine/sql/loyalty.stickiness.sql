-- loyalty.stickiness: mean DAU / MAU over the 30 days ending at the range's end.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Reads: events and sessions(ts, customer_key, visitor_id)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
-- @include user_activity
SELECT (count(DISTINCT (ts::DATE, who)) / 30.0) / nullif(count(DISTINCT who), 0) AS value
FROM user_activity
WHERE ts >= getvariable('range_end') - INTERVAL 30 DAY AND ts < getvariable('range_end') AND who IS NOT NULL;
