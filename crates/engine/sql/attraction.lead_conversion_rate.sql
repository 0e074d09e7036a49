-- attraction.lead_conversion_rate: leads created in the range that converted (flag, conversion
-- date, or the customer's first completed order at or after the lead's creation) / leads.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role: see crates/engine/sql/README.md). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- @include first_leads_file
WITH firsts AS (
    SELECT customer_key, min(ts) AS first_at
    FROM orders
    WHERE status_class = 'completed' AND customer_key IS NOT NULL AND ts IS NOT NULL
    GROUP BY customer_key
),
per_lead AS (
    SELECT coalesce('L' || first_leads_file.lead_id, 'C' || first_leads_file.customer_key, 'R' || first_leads_file."row") AS lead,
           bool_or(coalesce(first_leads_file.converted, false)
                   OR first_leads_file.converted_at IS NOT NULL
                   OR coalesce(f.first_at >= first_leads_file.ts, false)) AS converted
    FROM first_leads_file LEFT JOIN firsts f ON f.customer_key = first_leads_file.customer_key
    WHERE first_leads_file.ts >= getvariable('range_start') AND first_leads_file.ts < getvariable('range_end')
    GROUP BY 1
)
SELECT (count_if(converted)::DOUBLE / nullif(count(*), 0)) AS value FROM per_lead;
