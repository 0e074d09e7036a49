-- sales.revenue: sum of completed order amounts in the range, main currency only.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role: see crates/engine/sql/README.md). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
WITH main AS (
    -- The main currency: the one most rows with an amount are in (ties: alphabetical, unknown first).
    SELECT currency FROM orders WHERE amount IS NOT NULL
    GROUP BY currency ORDER BY count(*) DESC, currency ASC NULLS FIRST LIMIT 1
)
SELECT coalesce(sum(amount), 0)::DOUBLE AS value
FROM orders
WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end')
  AND status_class = 'completed' AND amount IS NOT NULL
  AND currency IS NOT DISTINCT FROM (SELECT currency FROM main);
