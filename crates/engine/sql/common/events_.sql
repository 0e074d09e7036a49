CREATE OR REPLACE TEMP VIEW events_ AS
SELECT table_index, "row", line, file, customer_key, ts,
       (to_json(src) ->> 'event_name')::VARCHAR AS event_name,
       (to_json(src) ->> 'customer_id')::VARCHAR AS customer_id,
       (to_json(src) ->> 'email')::VARCHAR AS email,
       (to_json(src) ->> 'visitor_id')::VARCHAR AS visitor_id,
       (to_json(src) ->> 'user_id')::VARCHAR AS user_id
FROM events src;
