-- service.agent_activity: contacts per logged hour over agent shifts in the range (contacts from the shifts, else tickets handled).
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Reads: agent_shifts(ts, agent, logged_hours, started_at, ended_at, contacts_handled), tickets(ts, agent)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
-- @include tickets_
WITH agent_shifts_ AS (
    SELECT table_index, "row", line, file, customer_key, ts,
           (to_json(src) ->> 'agent')::VARCHAR AS agent,
           (to_json(src) ->> 'logged_hours')::DOUBLE AS logged_hours,
           (to_json(src) ->> 'started_at')::TIMESTAMP AS started_at,
           (to_json(src) ->> 'ended_at')::TIMESTAMP AS ended_at,
           (to_json(src) ->> 'contacts_handled')::DOUBLE AS contacts_handled
    FROM agent_shifts src
),
s AS (
    SELECT agent,
           coalesce(logged_hours, (epoch(ended_at) - epoch(started_at)) / 3600.0) AS logged,
           contacts_handled
    FROM agent_shifts_
    WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end') AND agent IS NOT NULL
),
ok AS (SELECT * FROM s WHERE logged >= 0),
tk AS (
    SELECT agent, count(*) AS n FROM tickets_
    WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end') AND agent IN (SELECT agent FROM ok)
    GROUP BY agent
)
SELECT CASE WHEN sum(logged) > 0 THEN
           CASE WHEN (SELECT count(contacts_handled) FROM agent_shifts_) > 0
                THEN coalesce(sum(contacts_handled), 0)
                ELSE coalesce((SELECT sum(n) FROM tk), 0) END / sum(logged)
       END::DOUBLE AS value
FROM ok;
