-- service.average_handle_time: mean handle time (hours) over tickets created in the range.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Reads: tickets(at, handle_hours)
SELECT avg(handle_hours)::DOUBLE AS value, median(handle_hours)::DOUBLE AS median
FROM tickets
WHERE "at" >= getvariable('range_start') AND "at" < getvariable('range_end') AND handle_hours >= 0;
