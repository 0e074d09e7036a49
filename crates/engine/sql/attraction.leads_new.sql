-- attraction.leads_new: distinct leads created in the range; a lead is its lead id, else its
-- customer (id or e-mail), else its row.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role: see crates/engine/sql/README.md). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- @include leads_read
SELECT count(DISTINCT coalesce('L' || lead_id, 'C' || customer_key, 'R' || table_index || ':' || "row"))::DOUBLE AS value
FROM leads_read
WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end');
