-- sales.mrr_reactivation: end MRR of customers who paid before the range, not at its start, and pay at its end.
-- Monthly amount: the mrr cell, else amount / months of its billing interval (yearly / 12,
-- weekly * 52 / 12, ...). MRR per customer (subscriptions merged; no customer: the row), as the
-- shared view mrr_movements reads the subscription book.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role: see crates/engine/sql/README.md). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- @include mrr_movements
SELECT coalesce(reactivation, 0)::DOUBLE AS value FROM mrr_movements;
