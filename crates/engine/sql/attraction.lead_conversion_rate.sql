-- attraction.lead_conversion_rate: leads created in the range that converted (flag, conversion
-- date, or the customer's first completed order at or after the lead's creation) / leads.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role: see crates/engine/sql/README.md). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- @include leads_read
WITH firsts AS (
    SELECT customer_key, min(ts) AS first_at
    FROM orders
    WHERE status_class = 'completed' AND customer_key IS NOT NULL AND ts IS NOT NULL
    GROUP BY customer_key
),
per_lead AS (
    SELECT coalesce('L' || leads_read.lead_id, 'C' || leads_read.customer_key, 'R' || leads_read.table_index || ':' || leads_read."row") AS lead,
           bool_or(coalesce(leads_read.converted, false)
                   OR leads_read.converted_at IS NOT NULL
                   OR coalesce(f.first_at >= leads_read.ts, false)) AS converted
    FROM leads_read LEFT JOIN firsts f ON f.customer_key = leads_read.customer_key
    WHERE leads_read.ts >= getvariable('range_start') AND leads_read.ts < getvariable('range_end')
    GROUP BY 1
)
SELECT (count_if(converted)::DOUBLE / nullif(count(*), 0)) AS value FROM per_lead;
