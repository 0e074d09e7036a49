-- attraction.cpl: marketing spend in the range (main spend currency) / new leads in the range.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role: see crates/engine/sql/README.md). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- @include leads_read
-- @include spend_main_currency
WITH spend AS (
    SELECT coalesce(sum(spend), 0)::DOUBLE AS total
    FROM marketing_spend
    WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end') AND spend IS NOT NULL
      AND currency IS NOT DISTINCT FROM (SELECT currency FROM spend_main_currency)
),
n AS (SELECT count(DISTINCT coalesce('L' || lead_id, 'C' || customer_key, 'R' || table_index || ':' || "row")) AS n FROM leads_read WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end'))
SELECT CASE WHEN n.n > 0 THEN spend.total / n.n END AS value FROM spend, n;
