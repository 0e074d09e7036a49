-- loyalty.license_utilization: active users (distinct e-mails, else visitor ids, per account id in events and sessions) / seats of subscriptions active at the range's end, over accounts with seats.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Reads: subscriptions(at, ended_at, customer_id, seats, quantity), events and sessions(at, customer_id, email, visitor_id)
WITH seats AS (
    SELECT customer_id AS account, sum(coalesce(seats, quantity)) AS seats
    FROM subscriptions
    WHERE customer_id IS NOT NULL AND coalesce(seats, quantity) > 0
      AND ("at" IS NULL OR "at" < getvariable('range_end')) AND (ended_at IS NULL OR ended_at >= getvariable('range_end'))
    GROUP BY customer_id
),
users AS (
    SELECT customer_id AS account, count(DISTINCT lower(trim(coalesce(email, visitor_id)))) AS users
    FROM (SELECT "at", customer_id, email, visitor_id FROM events
          UNION ALL SELECT "at", customer_id, email, visitor_id FROM sessions)
    WHERE "at" >= getvariable('range_start') AND "at" < getvariable('range_end') AND customer_id IS NOT NULL AND coalesce(email, visitor_id) IS NOT NULL
    GROUP BY customer_id
)
SELECT (coalesce(sum(u.users), 0) / nullif(sum(s.seats), 0))::DOUBLE AS value
FROM seats s LEFT JOIN users u USING (account);
