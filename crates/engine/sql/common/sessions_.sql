CREATE OR REPLACE TEMP VIEW sessions_ AS
SELECT table_index, "row", line, file, customer_key, ts,
       (to_json(src) ->> 'session_duration')::DOUBLE AS session_duration,
       (to_json(src) ->> 'started_at')::TIMESTAMP AS started_at,
       (to_json(src) ->> 'ended_at')::TIMESTAMP AS ended_at,
       (to_json(src) ->> 'email')::VARCHAR AS email,
       (to_json(src) ->> 'customer_id')::VARCHAR AS customer_id,
       (to_json(src) ->> 'visitor_id')::VARCHAR AS visitor_id,
       (to_json(src) ->> 'user_id')::VARCHAR AS user_id
FROM sessions src;
