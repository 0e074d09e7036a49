-- loyalty.license_utilization: active users (distinct e-mails, else visitor ids, per account id in events and sessions) / seats of subscriptions active at the range's end, over accounts with seats.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Reads: subscriptions(ts, ended_at, customer_id, seats, quantity), events and sessions(ts, customer_id, email, visitor_id)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
-- @include subscriptions_
-- @include sessions_
-- @include events_
WITH seats AS (
    SELECT customer_id AS account, sum(coalesce(seats, quantity)) AS seats
    FROM subscriptions_
    WHERE customer_id IS NOT NULL AND coalesce(seats, quantity) > 0
      AND (ts IS NULL OR ts < getvariable('range_end')) AND (ended_at IS NULL OR ended_at >= getvariable('range_end'))
    GROUP BY customer_id
),
users AS (
    SELECT customer_id AS account, count(DISTINCT lower(trim(coalesce(email, visitor_id)))) AS users
    FROM (SELECT ts, customer_id, email, visitor_id FROM events_
          UNION ALL SELECT ts, customer_id, email, visitor_id FROM sessions_)
    WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end') AND customer_id IS NOT NULL AND coalesce(email, visitor_id) IS NOT NULL
    GROUP BY customer_id
)
SELECT (coalesce(sum(u.users), 0) / nullif(sum(s.seats), 0))::DOUBLE AS value
FROM seats s LEFT JOIN users u USING (account);
