-- attraction.traffic_to_lead_ratio: visitors / new leads in the range; NULL without leads.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role: see crates/engine/sql/README.md). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- @include sessions_read
-- @include leads_read
WITH v AS (SELECT count(DISTINCT coalesce('V' || visitor_id, 'S' || session_id, 'R' || table_index || ':' || "row")) AS n FROM sessions_read WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end')),
n AS (SELECT count(DISTINCT coalesce('L' || lead_id, 'C' || customer_key, 'R' || table_index || ':' || "row")) AS n FROM leads_read WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end'))
SELECT (v.n::DOUBLE / nullif(n.n, 0)) AS value FROM v, n;
