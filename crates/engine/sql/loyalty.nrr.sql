-- loyalty.nrr: (MRR start + expansion + reactivation - contraction - churn) / MRR start; grr = (MRR start - contraction - churn) / MRR start.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Settings (variables, unset = default): granularity (VARCHAR: day, week, month, quarter, year; month)
-- Reads: subscriptions(table_index, row, ts = start, customer_key, ended_at, mrr, amount, interval_months, currency, status_class)
-- Pooled basis (as the engine): when the range's base is empty (MRR 0 at the range start) and the range spans
-- at least two periods of the granularity (variable `granularity`, default month), the value
-- is Σ numerator / Σ denominator over the range's periods, each period's own figures, periods
-- with a zero denominator left out. (The engine reads the previous range of a selection, used
-- for the change, on the range basis; a twin is always asked for a selection.)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
-- @include mrr_movements
-- @include mrr_pooled
SELECT CASE WHEN m.mrr_start > 0 THEN (m.mrr_start + m.expansion + m.reactivation - m.contraction - m.churn) / m.mrr_start
            WHEN pooled.n_periods >= 2 THEN pooled.retained / nullif(pooled.mrr_start, 0)
       END::DOUBLE AS value,
       CASE WHEN m.mrr_start > 0 THEN (m.mrr_start - m.contraction - m.churn) / m.mrr_start
            WHEN pooled.n_periods >= 2 THEN pooled.retained_gross / nullif(pooled.mrr_start, 0)
       END::DOUBLE AS grr,
       CASE WHEN m.mrr_start > 0 OR pooled.n_periods < 2 THEN 'range' ELSE 'pooled_periods' END AS basis
FROM mrr_movements m, mrr_pooled pooled;
