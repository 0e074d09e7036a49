-- sales.new_customers: customers whose first completed order (over all the data) is in the range.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role: see crates/engine/sql/README.md). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
WITH firsts AS (
    -- Each customer's first completed order over all the data.
    SELECT customer_key, min(ts) AS first_at
    FROM orders
    WHERE status_class = 'completed' AND customer_key IS NOT NULL AND ts IS NOT NULL
    GROUP BY customer_key
)
SELECT count(*)::DOUBLE AS value
FROM firsts
WHERE first_at >= getvariable('range_start') AND first_at < getvariable('range_end');
