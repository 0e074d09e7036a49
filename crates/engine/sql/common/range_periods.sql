CREATE OR REPLACE TEMP VIEW range_periods AS
WITH grain AS (
    -- The query's granularity (variable, default month), as the engine cuts its series.
    SELECT coalesce(getvariable('granularity'), 'month') AS name,
           CASE coalesce(getvariable('granularity'), 'month')
               WHEN 'day' THEN INTERVAL 1 DAY WHEN 'week' THEN INTERVAL 7 DAY
               WHEN 'quarter' THEN INTERVAL 3 MONTH WHEN 'year' THEN INTERVAL 1 YEAR
               ELSE INTERVAL 1 MONTH END AS step
)
-- The range's periods (calendar-aligned, ISO weeks), clipped to the range: [ps, pe).
SELECT greatest(p, getvariable('range_start')) AS ps,
       least(p + step, getvariable('range_end')) AS pe
FROM (SELECT unnest(generate_series(date_trunc(name, getvariable('range_start'))::TIMESTAMP,
                                    getvariable('range_end') - INTERVAL 1 SECOND, step)) AS p, step
      FROM grain);
