-- loyalty.ltv_margin: ltv_simple * margin (revenue-weighted margin column, else (revenue - cost) / revenue, else default_margin).
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Settings (variables, unset = default): ltv_relationship_years, default_margin
-- Reads: orders(ts, customer_key, amount, cost, margin, status_class)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
WITH orders_ AS (
    SELECT table_index, "row", line, file, customer_key, ts,
           (to_json(src) ->> 'amount')::DOUBLE AS amount,
           (to_json(src) ->> 'status_class')::VARCHAR AS status_class,
           (to_json(src) ->> 'cost')::DOUBLE AS cost,
           (to_json(src) ->> 'margin')::DOUBLE AS margin,
           (to_json(src) ->> 'referrer')::VARCHAR AS referrer,
           (to_json(src) ->> 'source')::VARCHAR AS source,
           (to_json(src) ->> 'channel')::VARCHAR AS channel,
           (to_json(src) ->> 'medium')::VARCHAR AS medium
    FROM orders src
),
o AS (
    SELECT customer_key, ts, amount FROM orders_
    WHERE status_class = 'completed' AND customer_key IS NOT NULL AND ts IS NOT NULL
),
factors AS (
    SELECT sum(amount) / nullif(count(*), 0) AS average_ticket,
           count(*) / nullif(count(DISTINCT customer_key), 0)
               / ((epoch(getvariable('range_end')) - epoch(getvariable('range_start'))) / 86400.0 / 365.0) AS purchases_per_year
    FROM o
    WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end') AND amount IS NOT NULL
),
spans AS (
    SELECT customer_key, min(ts) AS first, max(ts) AS last FROM o GROUP BY customer_key
),
churn AS (
    -- At risk: first order at least 365 days before the latest order; lost: none since.
    SELECT count_if(last <= cutoff)::DOUBLE / nullif(count(*), 0) AS annual_churn
    FROM spans, (SELECT max(ts) - INTERVAL 365 DAY AS cutoff FROM o) c
    WHERE first <= cutoff
),
years AS (
    SELECT coalesce(getvariable('ltv_relationship_years')::DOUBLE,
                    CASE WHEN annual_churn > 0 THEN least(1 / annual_churn, 10)
                         WHEN annual_churn = 0 THEN 10 END) AS relationship_years
    FROM churn
),
ltv AS (
    SELECT average_ticket * purchases_per_year * relationship_years AS ltv_simple,
           average_ticket, purchases_per_year, relationship_years
    FROM factors, years
),
mg AS (
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
