-- @include subscription_book
CREATE OR REPLACE TEMP VIEW mrr_movements AS
-- MRR per customer at the range's start (s) and end (e), and the movements between.
WITH per AS (
    -- Active at t: started < t and not ended before t.
    SELECT who,
        sum(CASE WHEN started < getvariable('range_start') AND (ended IS NULL OR ended >= getvariable('range_start')) THEN monthly ELSE 0 END) AS s,
        sum(CASE WHEN started < getvariable('range_end') AND (ended IS NULL OR ended >= getvariable('range_end')) THEN monthly ELSE 0 END) AS e,
        bool_or(started < getvariable('range_start') AND (ended IS NULL OR ended >= getvariable('range_start'))) AS active_s,
        bool_or(started < getvariable('range_end') AND (ended IS NULL OR ended >= getvariable('range_end'))) AS active_e,
        bool_or(started < getvariable('range_start')) AS paid_before
    FROM subscription_book
    WHERE monthly >= 0
    GROUP BY who
)
SELECT sum(s) AS mrr_start, sum(e) AS mrr_end,
       sum(CASE WHEN s > 0 AND e > s THEN e - s ELSE 0 END) AS expansion,
       sum(CASE WHEN s > 0 AND e > 0 AND e < s THEN s - e ELSE 0 END) AS contraction,
       sum(CASE WHEN s > 0 AND e = 0 THEN s ELSE 0 END) AS churn,
       sum(CASE WHEN s = 0 AND e > 0 AND paid_before THEN e ELSE 0 END) AS reactivation,
       sum(CASE WHEN s = 0 AND e > 0 AND NOT paid_before THEN e ELSE 0 END) AS new,
       count_if(e > 0) AS paying_end,
       count_if(active_s) AS customers_start,
       count_if(active_s AND NOT active_e) AS customers_churned
FROM per;
