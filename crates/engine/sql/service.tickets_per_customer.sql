-- service.tickets_per_customer: tickets with a known customer / distinct customers among them.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Reads: tickets(ts, customer_key)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
-- @include tickets_
SELECT count(customer_key)::DOUBLE / nullif(count(DISTINCT customer_key), 0) AS value
FROM tickets_
WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end');
