-- loyalty.ltv_margin: ltv_simple * margin (revenue-weighted margin column, else (revenue - cost) / revenue, else default_margin).
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Settings (variables, unset = default): ltv_relationship_years, default_margin
-- Reads: orders(ts, customer_key, amount, cost, margin, status_class)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
-- @include ltv
WITH mg AS (
    SELECT sum(amount * margin) FILTER (WHERE margin IS NOT NULL) AS weighted,
           sum(amount) FILTER (WHERE margin IS NOT NULL) AS rev_m,
           sum(cost) FILTER (WHERE cost IS NOT NULL) AS cost,
           sum(amount) FILTER (WHERE cost IS NOT NULL) AS rev_c
    FROM orders_
    WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end') AND status_class = 'completed' AND customer_key IS NOT NULL AND amount IS NOT NULL
),
margin_ AS (
    SELECT CASE WHEN rev_m > 0 THEN weighted / rev_m
                WHEN rev_c > 0 THEN (rev_c - cost) / rev_c
                ELSE getvariable('default_margin')::DOUBLE END AS margin
    FROM mg
)
SELECT (ltv_simple * margin)::DOUBLE AS value, margin FROM ltv, margin_;
