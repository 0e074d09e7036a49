-- @include subscription_book
-- @include range_periods
CREATE OR REPLACE TEMP VIEW mrr_period_sums AS
-- The MRR movements as flows: each period of the range (query granularity) compares its own
-- start ps and end pe per customer, as mrr_movements does for the range; then Σ over periods.
WITH pper AS (
    SELECT ps, who,
        sum(CASE WHEN started < ps AND (ended IS NULL OR ended >= ps) THEN monthly ELSE 0 END) AS s,
        sum(CASE WHEN started < pe AND (ended IS NULL OR ended >= pe) THEN monthly ELSE 0 END) AS e,
        bool_or(started < ps) AS paid_before
    FROM range_periods, subscription_book
    WHERE monthly >= 0
    GROUP BY ps, who
)
SELECT sum(CASE WHEN s > 0 AND e > s THEN e - s ELSE 0 END) AS expansion,
       sum(CASE WHEN s > 0 AND e > 0 AND e < s THEN s - e ELSE 0 END) AS contraction,
       sum(CASE WHEN s > 0 AND e = 0 THEN s ELSE 0 END) AS churn,
       sum(CASE WHEN s = 0 AND e > 0 AND paid_before THEN e ELSE 0 END) AS reactivation,
       sum(CASE WHEN s = 0 AND e > 0 AND NOT paid_before THEN e ELSE 0 END) AS new
FROM pper;
