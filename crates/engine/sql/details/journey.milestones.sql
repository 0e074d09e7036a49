-- journey.milestones (details): for the default milestones (the second and the fifth
-- completed order), over the customers first seen in the range (their earliest dated row of
-- a journey file): how many, how many reached the milestone (at any time), and the median
-- days from first seen to it (0 when reached before). Rows: keys '<milestone>|customers',
-- '<milestone>|reached', '<milestone>|median_days'.
-- @include journey_rows
-- @include completed_orders
WITH first_seen AS (
    SELECT customer_key, min(ts) AS first_at FROM journey_rows
    WHERE customer_key IS NOT NULL AND ts IS NOT NULL GROUP BY customer_key
),
people AS (
    SELECT * FROM first_seen
    WHERE first_at >= getvariable('range_start') AND first_at < getvariable('range_end')
),
nth AS (
    SELECT customer_key, ts, row_number() OVER (PARTITION BY customer_key ORDER BY ts) AS n
    FROM completed_orders
),
ms(name, n) AS (VALUES ('second order', 2), ('fifth order', 5)),
hits AS (
    SELECT ms.name, greatest(epoch(o.ts) - epoch(p.first_at), 0) / 86400 AS days
    FROM ms, people p JOIN nth o ON o.customer_key = p.customer_key
    WHERE o.n = ms.n
),
per AS (
    SELECT ms.name, (SELECT count(*) FROM people) AS customers, count(h.days) AS reached,
           median(h.days) AS median_days
    FROM ms LEFT JOIN hits h ON h.name = ms.name GROUP BY ms.name
)
SELECT name || '|customers' AS key, customers::DOUBLE AS value FROM per
UNION ALL SELECT name || '|reached', reached::DOUBLE FROM per
UNION ALL SELECT name || '|median_days', median_days::DOUBLE FROM per;
