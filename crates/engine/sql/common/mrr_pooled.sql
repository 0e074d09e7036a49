-- @include subscription_book
-- @include range_periods
CREATE OR REPLACE TEMP VIEW mrr_pooled AS
-- Each period's movements (the series points), then Σ over the periods (pooled basis).
WITH pper AS (
    -- The same per customer, at each period's start ps and end pe.
    SELECT ps, who,
        sum(CASE WHEN started < ps AND (ended IS NULL OR ended >= ps) THEN monthly ELSE 0 END) AS s,
        sum(CASE WHEN started < pe AND (ended IS NULL OR ended >= pe) THEN monthly ELSE 0 END) AS e,
        bool_or(started < ps AND (ended IS NULL OR ended >= ps)) AS active_s,
        bool_or(started < pe AND (ended IS NULL OR ended >= pe)) AS active_e,
        bool_or(started < ps) AS paid_before
    FROM range_periods, subscription_book
    WHERE monthly >= 0
    GROUP BY ps, who
),
pm AS (
    -- Each period's movements (its series point's numerator and denominator).
    SELECT ps, sum(s) AS mrr_start,
           sum(CASE WHEN s > 0 AND e > s THEN e - s ELSE 0 END) AS expansion,
           sum(CASE WHEN s > 0 AND e > 0 AND e < s THEN s - e ELSE 0 END) AS contraction,
           sum(CASE WHEN s > 0 AND e = 0 THEN s ELSE 0 END) AS churn,
           sum(CASE WHEN s = 0 AND e > 0 AND paid_before THEN e ELSE 0 END) AS reactivation,
           count_if(active_s) AS customers_start,
           count_if(active_s AND NOT active_e) AS customers_churned
    FROM pper
    GROUP BY ps
)
-- Σ over the periods with a non-zero denominator.
SELECT (SELECT count(*) FROM range_periods) AS n_periods,
       sum(mrr_start) FILTER (WHERE mrr_start > 0) AS mrr_start,
       sum(churn + contraction) FILTER (WHERE mrr_start > 0) AS lost,
       sum(mrr_start + expansion + reactivation - contraction - churn) FILTER (WHERE mrr_start > 0) AS retained,
       sum(mrr_start - contraction - churn) FILTER (WHERE mrr_start > 0) AS retained_gross,
       sum(expansion + reactivation) FILTER (WHERE mrr_start > 0) AS grown,
       sum(customers_start) FILTER (WHERE customers_start > 0) AS customers_start,
       sum(customers_churned) FILTER (WHERE customers_start > 0) AS customers_churned
FROM pm;
