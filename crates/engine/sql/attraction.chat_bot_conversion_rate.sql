-- attraction.chat_bot_conversion_rate: chats converted with no transfer and not marked as
-- human-handled / chats in the range.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role: see crates/engine/sql/README.md). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- @include chats_read
SELECT (count_if(coalesce(converted, false) AND NOT coalesce(transferred, false)
                 AND coalesce(bot_handled, true))::DOUBLE
        / nullif(count(*), 0)) AS value
FROM chats_read
WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end');
