-- attraction.organic_share: sessions whose medium (else source, else channel) is organic /
-- sessions in the range. traffic_class is the canonical export's reading of that label.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role: see crates/engine/sql/README.md). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- @include sessions_read
SELECT (count_if(traffic_class = 'organic')::DOUBLE / nullif(count(*), 0)) AS value
FROM sessions_read
WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end');
