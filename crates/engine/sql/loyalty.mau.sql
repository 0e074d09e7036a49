-- loyalty.mau: distinct active users in the 30 days ending at the range's end.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Reads: events and sessions(at, customer_key, visitor_id)
WITH activity AS (
    SELECT "at", coalesce(customer_key::VARCHAR, 'v:' || visitor_id) AS who FROM events
    UNION ALL
    SELECT "at", coalesce(customer_key::VARCHAR, 'v:' || visitor_id) FROM sessions
)
SELECT count(DISTINCT who)::DOUBLE AS value
FROM activity
WHERE "at" >= getvariable('range_end') - INTERVAL 30 DAY AND "at" < getvariable('range_end') AND who IS NOT NULL;
