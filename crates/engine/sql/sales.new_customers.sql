-- sales.new_customers: customers whose first completed order (over all the data) is in the range.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role: see crates/engine/sql/README.md). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- @include first_orders
SELECT count(*)::DOUBLE AS value
FROM first_orders
WHERE first_at >= getvariable('range_start') AND first_at < getvariable('range_end');
