-- service.average_handle_time: mean handle time (hours) over tickets created in the range.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Reads: tickets(ts, handle_hours)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
-- @include tickets_
SELECT avg(handle_hours)::DOUBLE AS value, median(handle_hours)::DOUBLE AS median
FROM tickets_
WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end') AND handle_hours >= 0;
