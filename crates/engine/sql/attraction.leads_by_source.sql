-- attraction.leads_by_source: new leads per source; the value is all new leads (the per-source
-- counts are the second query, which the parity test does not compare).
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role: see crates/engine/sql/README.md). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- @include leads_read
SELECT count(DISTINCT coalesce('L' || lead_id, 'C' || customer_key, 'R' || table_index || ':' || "row"))::DOUBLE AS value
FROM leads_read
WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end');
-- Per source:
-- SELECT coalesce(source, channel, '(none)') AS source, count(DISTINCT coalesce('L' || lead_id, 'C' || customer_key, 'R' || table_index || ':' || "row")) AS leads
-- FROM l WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end') GROUP BY 1 ORDER BY 2 DESC, 1;
