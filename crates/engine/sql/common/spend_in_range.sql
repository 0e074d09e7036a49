-- @include spend_main_currency
-- The variable `channel` (unset: every channel) keeps one channel's spend: a per-channel figure.
CREATE OR REPLACE TEMP VIEW spend_in_range AS
SELECT coalesce(sum(spend), 0)::DOUBLE AS total
FROM marketing_spend
WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end')
  AND spend IS NOT NULL
  AND currency IS NOT DISTINCT FROM (SELECT currency FROM spend_main_currency)
  AND (getvariable('channel') IS NULL OR channel = getvariable('channel'));
