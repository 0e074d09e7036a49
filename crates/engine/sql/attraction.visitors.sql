-- attraction.visitors: distinct visitors (visitor id, else session id, else the row) in the range.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role: see crates/engine/sql/README.md). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- @include sessions_read
SELECT count(DISTINCT coalesce('V' || visitor_id, 'S' || session_id, 'R' || table_index || ':' || "row"))::DOUBLE AS value
FROM sessions_read
WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end');
