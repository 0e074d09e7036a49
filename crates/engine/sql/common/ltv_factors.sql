-- @include completed_orders
CREATE OR REPLACE TEMP VIEW ltv_factors AS
-- Average ticket over the range; purchases per customer per year = the orders of the range's
-- buyers from their first order to the range's end / the sum of their tenures in years (first
-- order to the range's end, at least 30 days).
WITH in_range AS (
    SELECT * FROM completed_orders
    WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end') AND amount IS NOT NULL
),
tenure AS (
    SELECT customer_key, count(*) AS orders,
           greatest((epoch(getvariable('range_end')) - epoch(min(ts))) / 86400.0, 30.0) / 365.0 AS years
    FROM completed_orders
    WHERE ts < getvariable('range_end') AND amount IS NOT NULL
      AND customer_key IN (SELECT customer_key FROM in_range)
    GROUP BY customer_key
)
SELECT (SELECT sum(amount) / nullif(count(*), 0) FROM in_range) AS average_ticket,
       (SELECT sum(orders) / nullif(sum(years), 0) FROM tenure) AS purchases_per_year;
