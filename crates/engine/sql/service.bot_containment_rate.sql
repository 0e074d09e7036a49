-- service.bot_containment_rate: bot conversations not transferred to a human / bot conversations (tickets and chats).
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Reads: tickets(ts, bot_handled, transferred), chats(ts, bot_handled, transferred)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
-- @include tickets_
WITH chats_ AS (
    SELECT table_index, "row", line, file, customer_key, ts,
           (to_json(src) ->> 'bot_handled')::BOOLEAN AS bot_handled,
           (to_json(src) ->> 'transferred')::BOOLEAN AS transferred
    FROM chats src
),
c AS (
    SELECT bot_handled, transferred FROM tickets_ WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end')
    UNION ALL
    SELECT bot_handled, transferred FROM chats_ WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end')
)
SELECT count_if(NOT transferred)::DOUBLE / nullif(count(*), 0) AS value
FROM c
WHERE bot_handled AND transferred IS NOT NULL;
