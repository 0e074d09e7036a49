-- loyalty.license_utilization: active users (distinct e-mails, else visitor ids, per account id in events and sessions) / seats of subscriptions active at the range's end, over accounts with seats.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Reads: subscriptions(ts, ended_at, customer_id, seats, quantity), events and sessions(ts, customer_id, email, visitor_id)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
WITH subscriptions_ AS (
    SELECT table_index, "row", line, file, customer_key, ts,
           (to_json(src) ->> 'customer_id')::VARCHAR AS customer_id,
           (to_json(src) ->> 'ended_at')::TIMESTAMP AS ended_at,
           (to_json(src) ->> 'mrr')::DOUBLE AS mrr,
           (to_json(src) ->> 'amount')::DOUBLE AS amount,
           (to_json(src) ->> 'billing_interval')::VARCHAR AS billing_interval,
           (to_json(src) ->> 'status_class')::VARCHAR AS status_class,
           (to_json(src) ->> 'seats')::DOUBLE AS seats,
           (to_json(src) ->> 'quantity')::DOUBLE AS quantity
    FROM subscriptions src
),
sessions_ AS (
    SELECT table_index, "row", line, file, customer_key, ts,
           (to_json(src) ->> 'session_duration')::DOUBLE AS session_duration,
           (to_json(src) ->> 'started_at')::TIMESTAMP AS started_at,
           (to_json(src) ->> 'ended_at')::TIMESTAMP AS ended_at,
           (to_json(src) ->> 'email')::VARCHAR AS email,
           (to_json(src) ->> 'customer_id')::VARCHAR AS customer_id,
           (to_json(src) ->> 'visitor_id')::VARCHAR AS visitor_id
    FROM sessions src
),
events_ AS (
    SELECT table_index, "row", line, file, customer_key, ts,
           (to_json(src) ->> 'event_name')::VARCHAR AS event_name,
           (to_json(src) ->> 'customer_id')::VARCHAR AS customer_id,
           (to_json(src) ->> 'email')::VARCHAR AS email,
           (to_json(src) ->> 'visitor_id')::VARCHAR AS visitor_id
    FROM events src
),
seats AS (
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
