-- sales.cac: marketing spend in the range (main spend currency) / new customers in the range.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role: see crates/engine/sql/README.md). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- @include first_orders
-- @include spend_in_range
WITH new_customers AS (
    SELECT count(*) AS n FROM first_orders
    WHERE first_at >= getvariable('range_start') AND first_at < getvariable('range_end')
)
SELECT CASE WHEN n > 0 THEN total / n END AS value FROM spend_in_range, new_customers;
