-- attraction.visitors: distinct visitors (visitor id, else session id, else the row) in the range.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role: see crates/engine/sql/README.md). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- @include first_sessions_file
SELECT count(DISTINCT coalesce('V' || visitor_id, 'S' || session_id, 'R' || "row"))::DOUBLE AS value
FROM first_sessions_file
WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end');
