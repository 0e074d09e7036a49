-- sales.repurchase_rate: customers with >= 2 completed orders in the range / customers with >= 1.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role: see crates/engine/sql/README.md). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
WITH per_customer AS (
    SELECT customer_key, count(*) AS n
    FROM orders
    WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end')
      AND status_class = 'completed' AND customer_key IS NOT NULL
    GROUP BY customer_key
)
SELECT (count_if(n >= 2)::DOUBLE / nullif(count(*), 0)) AS value FROM per_customer;
