-- service.tickets: tickets created in the range.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Reads: tickets(at)
SELECT count(*)::DOUBLE AS value
FROM tickets
WHERE "at" >= getvariable('range_start') AND "at" < getvariable('range_end');
