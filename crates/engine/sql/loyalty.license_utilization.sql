-- loyalty.license_utilization: Σ min(active users, seats) / Σ seats over the accounts with seats of subscriptions active at the range's end; active users = distinct users (user id, else e-mail, else visitor id, else the customer id; the file's first such column) with an event or session in the 30 days to the range's end under the account's customer id.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Reads: subscriptions(ts, ended_at, customer_id, seats, quantity), events and sessions(ts, customer_id, user_id, email, visitor_id)
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
activity AS (
    SELECT table_index, ts, customer_id, user_id, email, visitor_id FROM events_
    UNION ALL SELECT table_index, ts, customer_id, user_id, email, visitor_id FROM sessions_
),
-- The user column of each file: the first of user id, e-mail, visitor id with any value.
file_user AS (
    SELECT table_index,
           CASE WHEN count(user_id) > 0 THEN 'user_id' WHEN count(email) > 0 THEN 'email'
                WHEN count(visitor_id) > 0 THEN 'visitor_id' ELSE 'customer_id' END AS col
    FROM activity GROUP BY table_index
),
users AS (
    SELECT customer_id AS account,
           count(DISTINCT lower(trim(CASE f.col WHEN 'user_id' THEN user_id WHEN 'email' THEN email
                                                 WHEN 'visitor_id' THEN visitor_id ELSE customer_id END))) AS users
    FROM activity JOIN file_user f USING (table_index)
    WHERE ts >= getvariable('range_end') - INTERVAL 30 DAY AND ts < getvariable('range_end')
      AND customer_id IS NOT NULL
    GROUP BY customer_id
)
SELECT (coalesce(sum(least(coalesce(u.users, 0), s.seats)), 0) / nullif(sum(s.seats), 0))::DOUBLE AS value
FROM seats s LEFT JOIN users u USING (account);
