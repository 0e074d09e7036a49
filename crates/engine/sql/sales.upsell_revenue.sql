-- sales.upsell_revenue: revenue of completed orders whose order type is upsell, main currency.
-- (Without an order-type column the engine falls back to expansion MRR for upsell; this twin
-- covers orders with types.)
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
  AND status_class = 'completed' AND amount IS NOT NULL AND order_type_class = 'upsell'
  AND currency IS NOT DISTINCT FROM (SELECT currency FROM main);
