-- attraction.organic_share: sessions whose medium (else source, else channel) is organic /
-- sessions in the range. traffic_class is the canonical export's reading of that label.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role: see crates/engine/sql/README.md). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
WITH s AS (
    -- The engine reads the first sessions file with dates.
    SELECT * FROM sessions WHERE table_index = (SELECT min(table_index) FROM sessions WHERE ts IS NOT NULL)
)
SELECT (count_if(traffic_class = 'organic')::DOUBLE / nullif(count(*), 0)) AS value
FROM s
WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end');
