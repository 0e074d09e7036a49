-- service.tickets_per_customer: tickets with a known customer / distinct customers among them.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Reads: tickets(at, customer_key)
SELECT count(customer_key)::DOUBLE / nullif(count(DISTINCT customer_key), 0) AS value
FROM tickets
WHERE "at" >= getvariable('range_start') AND "at" < getvariable('range_end');
