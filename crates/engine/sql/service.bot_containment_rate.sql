-- service.bot_containment_rate: bot conversations not transferred to a human / bot conversations (tickets and chats).
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Reads: tickets(at, bot_handled, transferred), chats(at, bot_handled, transferred)
WITH c AS (
    SELECT bot_handled, transferred FROM tickets WHERE "at" >= getvariable('range_start') AND "at" < getvariable('range_end')
    UNION ALL
    SELECT bot_handled, transferred FROM chats WHERE "at" >= getvariable('range_start') AND "at" < getvariable('range_end')
)
SELECT count_if(NOT transferred)::DOUBLE / nullif(count(*), 0) AS value
FROM c
WHERE bot_handled AND transferred IS NOT NULL;
