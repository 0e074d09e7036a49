-- sales.orders: count of completed orders whose order date (ts) is in the range.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role: see crates/engine/sql/README.md). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
SELECT count(*)::DOUBLE AS value
FROM orders
WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end')
  AND status_class = 'completed';
