-- attraction.leads_new: distinct leads created in the range; a lead is its lead id, else its
-- customer (id or e-mail), else its row.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role: see crates/engine/sql/README.md). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- @include first_leads_file
SELECT count(DISTINCT coalesce('L' || lead_id, 'C' || customer_key, 'R' || "row"))::DOUBLE AS value
FROM first_leads_file
WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end');
