-- sales.cart_abandonment_rate: abandoned / (completed + abandoned) carts dated in the range.
-- (The engine reports the metric only when some order anywhere is classed abandoned.)
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role: see crates/engine/sql/README.md). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
SELECT (count_if(status_class = 'abandoned')::DOUBLE
        / nullif(count_if(status_class IN ('abandoned', 'completed')), 0)) AS value
FROM orders
WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end');
