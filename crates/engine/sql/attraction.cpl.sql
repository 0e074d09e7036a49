-- attraction.cpl: marketing spend in the range (main spend currency) / new leads in the range.
-- Per channel (the variable `channel` set) only when both the spend and the leads name a
-- channel: with either side lacking one, NULL (the engine offers no per-channel figure, since
-- the other side would count whole under every channel).
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role: see crates/engine/sql/README.md). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- @include leads_read
-- @include spend_main_currency
WITH spend AS (
    SELECT coalesce(sum(spend), 0)::DOUBLE AS total
    FROM marketing_spend
    WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end') AND spend IS NOT NULL
      AND currency IS NOT DISTINCT FROM (SELECT currency FROM spend_main_currency)
      AND (getvariable('channel') IS NULL OR channel = getvariable('channel'))
),
n AS (SELECT count(DISTINCT coalesce('L' || lead_id, 'C' || customer_key, 'R' || table_index || ':' || "row")) AS n FROM leads_read
      WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end')
        AND (getvariable('channel') IS NULL OR channel = getvariable('channel'))),
-- Both sides name a channel (some row of each has one).
keyed AS (
    SELECT getvariable('channel') IS NULL
        OR (EXISTS (SELECT 1 FROM marketing_spend WHERE channel IS NOT NULL)
            AND EXISTS (SELECT 1 FROM leads_read WHERE channel IS NOT NULL)) AS ok
)
SELECT CASE WHEN keyed.ok AND n.n > 0 THEN spend.total / n.n END AS value FROM spend, n, keyed;
