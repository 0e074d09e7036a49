-- attraction.lead_conversion_rate: leads created in the range that converted (flag, conversion
-- date, or the customer's first completed order at or after the lead's creation) / leads.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role: see crates/engine/sql/README.md). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
WITH l AS (
    -- The engine reads the first leads file with dates.
    SELECT * FROM leads WHERE table_index = (SELECT min(table_index) FROM leads WHERE ts IS NOT NULL)
),
firsts AS (
    SELECT customer_key, min(ts) AS first_at
    FROM orders
    WHERE status_class = 'completed' AND customer_key IS NOT NULL AND ts IS NOT NULL
    GROUP BY customer_key
),
per_lead AS (
    SELECT coalesce('L' || l.lead_id, 'C' || l.customer_key, 'R' || l."row") AS lead,
           bool_or(coalesce(l.converted, false)
                   OR l.converted_at IS NOT NULL
                   OR coalesce(f.first_at >= l.ts, false)) AS converted
    FROM l LEFT JOIN firsts f ON f.customer_key = l.customer_key
    WHERE l.ts >= getvariable('range_start') AND l.ts < getvariable('range_end')
    GROUP BY 1
)
SELECT (count_if(converted)::DOUBLE / nullif(count(*), 0)) AS value FROM per_lead;
