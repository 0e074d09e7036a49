-- loyalty.ltv_simple: average ticket * purchases per customer per year (range length / 365 days) * relationship years (setting, else 1 / annual churn from the order history, at most 10).
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Settings (variables, unset = default): ltv_relationship_years
-- Reads: orders(ts, customer_key, amount, status_class)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
-- @include ltv
SELECT ltv_simple::DOUBLE AS value, average_ticket, purchases_per_year, relationship_years FROM ltv;
