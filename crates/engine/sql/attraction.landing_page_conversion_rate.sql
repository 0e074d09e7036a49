-- attraction.landing_page_conversion_rate: sessions converted to a lead / sessions in the range
-- (per landing page: add GROUP BY landing_page).
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role: see crates/engine/sql/README.md). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- @include sessions_read
SELECT (count_if(coalesce(converted, false) OR converted_at IS NOT NULL)::DOUBLE
        / nullif(count(*), 0)) AS value
FROM sessions_read
WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end');
