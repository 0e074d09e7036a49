-- sales.mrr: MRR of subscriptions active at the end of the range.
-- Monthly amount: the mrr cell, else amount / months of its billing interval (yearly / 12,
-- weekly * 52 / 12, ...). MRR per customer (subscriptions merged; no customer: the row).
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role: see crates/engine/sql/README.md). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- @include subscription_rows
WITH main AS (
    SELECT currency FROM subscriptions WHERE coalesce(mrr, amount) IS NOT NULL
    GROUP BY currency ORDER BY count(*) DESC, currency ASC NULLS FIRST LIMIT 1
),
valid AS (
    SELECT * FROM subscription_rows
    WHERE monthly > 0 AND started IS NOT NULL AND (ended IS NULL OR ended > started)
      -- Unknown end of a cancelled/refunded row, abandoned and pending rows: left out.
      AND NOT (status_class IN ('cancelled', 'refunded') AND ended IS NULL)
      AND status_class NOT IN ('abandoned', 'pending')
      AND currency IS NOT DISTINCT FROM (SELECT currency FROM main)
),
per AS (
    -- Active at t: started < t and not ended before t.
    SELECT who,
        sum(CASE WHEN started < getvariable('range_start')
                  AND (ended IS NULL OR ended >= getvariable('range_start')) THEN monthly ELSE 0 END) AS m_start,
        sum(CASE WHEN started < getvariable('range_end')
                  AND (ended IS NULL OR ended >= getvariable('range_end')) THEN monthly ELSE 0 END) AS m_end,
        bool_or(started < getvariable('range_start')) AS paid_before
    FROM valid
    GROUP BY who
)
SELECT coalesce(sum(m_end), 0)::DOUBLE AS value FROM per;
