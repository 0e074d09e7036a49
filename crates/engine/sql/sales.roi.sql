-- sales.roi: (revenue - spend) / spend over the range; NULL when spend is 0.
-- Per channel (the variable `channel` set) only when both the spend and the orders name a
-- channel: with either side lacking one, NULL (the engine offers no per-channel figure).
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role: see crates/engine/sql/README.md). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- @include spend_in_range
WITH main AS (
    -- The main currency: the one most rows with an amount are in (ties: alphabetical, unknown first).
    SELECT currency FROM orders WHERE amount IS NOT NULL
    GROUP BY currency ORDER BY count(*) DESC, currency ASC NULLS FIRST LIMIT 1
),
revenue AS (
    SELECT coalesce(sum(amount), 0)::DOUBLE AS total
    FROM orders
    WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end')
      AND status_class = 'completed' AND amount IS NOT NULL
      AND currency IS NOT DISTINCT FROM (SELECT currency FROM main)
      AND (getvariable('channel') IS NULL OR channel = getvariable('channel'))
),
-- Both sides name a channel (some row of each has one).
keyed AS (
    SELECT getvariable('channel') IS NULL
        OR (EXISTS (SELECT 1 FROM marketing_spend WHERE channel IS NOT NULL)
            AND EXISTS (SELECT 1 FROM orders WHERE channel IS NOT NULL)) AS ok
)
SELECT CASE WHEN keyed.ok AND spend_in_range.total <> 0 THEN (revenue.total - spend_in_range.total) / spend_in_range.total END AS value
FROM revenue, spend_in_range, keyed;
