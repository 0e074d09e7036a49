CREATE OR REPLACE TEMP VIEW orders_ AS
SELECT table_index, "row", line, file, customer_key, ts,
       (to_json(src) ->> 'amount')::DOUBLE AS amount,
       (to_json(src) ->> 'status_class')::VARCHAR AS status_class,
       (to_json(src) ->> 'cost')::DOUBLE AS cost,
       (to_json(src) ->> 'margin')::DOUBLE AS margin,
       (to_json(src) ->> 'referrer')::VARCHAR AS referrer,
       (to_json(src) ->> 'source')::VARCHAR AS source,
       (to_json(src) ->> 'channel')::VARCHAR AS channel,
       (to_json(src) ->> 'medium')::VARCHAR AS medium
FROM orders src;
