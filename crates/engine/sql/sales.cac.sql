-- sales.cac: marketing spend in the range (main spend currency) / new customers in the range.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role: see crates/engine/sql/README.md). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
WITH firsts AS (
    -- Each customer's first completed order over all the data.
    SELECT customer_key, min(ts) AS first_at
    FROM orders
    WHERE status_class = 'completed' AND customer_key IS NOT NULL AND ts IS NOT NULL
    GROUP BY customer_key
),
spend_main AS (
    SELECT currency FROM marketing_spend WHERE spend IS NOT NULL
    GROUP BY currency ORDER BY count(*) DESC, currency ASC NULLS FIRST LIMIT 1
),
spend AS (
    SELECT coalesce(sum(spend), 0)::DOUBLE AS total
    FROM marketing_spend
    WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end')
      AND spend IS NOT NULL
      AND currency IS NOT DISTINCT FROM (SELECT currency FROM spend_main)
),
new_customers AS (
    SELECT count(*) AS n FROM firsts
    WHERE first_at >= getvariable('range_start') AND first_at < getvariable('range_end')
)
SELECT CASE WHEN n > 0 THEN total / n END AS value FROM spend, new_customers;
