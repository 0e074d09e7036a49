CREATE OR REPLACE TEMP VIEW subscriptions_ AS
SELECT table_index, "row", line, file, customer_key, ts,
       (to_json(src) ->> 'customer_id')::VARCHAR AS customer_id,
       (to_json(src) ->> 'ended_at')::TIMESTAMP AS ended_at,
       (to_json(src) ->> 'mrr')::DOUBLE AS mrr,
       (to_json(src) ->> 'amount')::DOUBLE AS amount,
       (to_json(src) ->> 'billing_interval')::VARCHAR AS billing_interval,
       (to_json(src) ->> 'status_class')::VARCHAR AS status_class,
       (to_json(src) ->> 'seats')::DOUBLE AS seats,
       (to_json(src) ->> 'quantity')::DOUBLE AS quantity
FROM subscriptions src;
