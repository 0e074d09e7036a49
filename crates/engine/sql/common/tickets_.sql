CREATE OR REPLACE TEMP VIEW tickets_ AS
SELECT table_index, "row", line, file, customer_key, ts,
       (to_json(src) ->> 'created_at')::TIMESTAMP AS created_at,
       (to_json(src) ->> 'first_response_at')::TIMESTAMP AS first_response_at,
       (to_json(src) ->> 'resolved_at')::TIMESTAMP AS resolved_at,
       (to_json(src) ->> 'first_response_hours')::DOUBLE AS first_response_hours,
       (to_json(src) ->> 'resolution_hours')::DOUBLE AS resolution_hours,
       (to_json(src) ->> 'handle_hours')::DOUBLE AS handle_hours,
       (to_json(src) ->> 'bot_handled')::BOOLEAN AS bot_handled,
       (to_json(src) ->> 'transferred')::BOOLEAN AS transferred,
       (to_json(src) ->> 'sla_due')::TIMESTAMP AS sla_due,
       (to_json(src) ->> 'sla_breached')::BOOLEAN AS sla_breached,
       (to_json(src) ->> 'reason')::VARCHAR AS reason,
       (to_json(src) ->> 'agent')::VARCHAR AS agent
FROM tickets src;
