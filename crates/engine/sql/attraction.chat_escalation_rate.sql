-- attraction.chat_escalation_rate: chats transferred to a human / chats in the range.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role: see crates/engine/sql/README.md). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- @include chats_read
SELECT (count_if(coalesce(transferred, false))::DOUBLE / nullif(count(*), 0)) AS value
FROM chats_read
WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end');
