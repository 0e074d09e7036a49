-- attraction.traffic_to_lead_ratio: visitors / new leads in the range; NULL without leads.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role: see crates/engine/sql/README.md). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- @include first_sessions_file
-- @include first_leads_file
WITH v AS (SELECT count(DISTINCT coalesce('V' || visitor_id, 'S' || session_id, 'R' || "row")) AS n FROM first_sessions_file WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end')),
n AS (SELECT count(DISTINCT coalesce('L' || lead_id, 'C' || customer_key, 'R' || "row")) AS n FROM first_leads_file WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end'))
SELECT (v.n::DOUBLE / nullif(n.n, 0)) AS value FROM v, n;
