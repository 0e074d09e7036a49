-- @include completed_orders
CREATE OR REPLACE TEMP VIEW ltv_factors AS
SELECT sum(amount) / nullif(count(*), 0) AS average_ticket,
       count(*) / nullif(count(DISTINCT customer_key), 0)
           / ((epoch(getvariable('range_end')) - epoch(getvariable('range_start'))) / 86400.0 / 365.0) AS purchases_per_year
FROM completed_orders
WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end') AND amount IS NOT NULL;
