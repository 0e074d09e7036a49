-- service.tickets: tickets created in the range.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Reads: tickets(ts)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
-- @include tickets_
SELECT count(*)::DOUBLE AS value
FROM tickets_
WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end');
