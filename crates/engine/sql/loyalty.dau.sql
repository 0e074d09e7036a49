-- loyalty.dau: mean distinct active users per day of the range (days with no activity count as 0).
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Reads: events and sessions(at, customer_key, visitor_id)
WITH activity AS (
    SELECT "at", coalesce(customer_key::VARCHAR, 'v:' || visitor_id) AS who FROM events
    UNION ALL
    SELECT "at", coalesce(customer_key::VARCHAR, 'v:' || visitor_id) FROM sessions
)
SELECT count(DISTINCT ("at"::DATE, who))::DOUBLE / ((epoch(getvariable('range_end')) - epoch(getvariable('range_start'))) / 86400.0) AS value
FROM activity
WHERE "at" >= getvariable('range_start') AND "at" < getvariable('range_end') AND who IS NOT NULL;
