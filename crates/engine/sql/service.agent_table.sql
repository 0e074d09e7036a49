-- service.agent_table: per agent: tickets, median first response (wall-clock hours), mean handle time (value: number of agents, on every row).
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Reads: tickets(ts, agent, created_at, first_response_at, first_response_hours, handle_hours)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
-- @include tickets_
WITH t AS (
    SELECT agent,
           CASE WHEN created_at IS NOT NULL AND first_response_at IS NOT NULL THEN
                    CASE WHEN first_response_at >= created_at
                         THEN (epoch(first_response_at) - epoch(created_at)) / 3600.0 END
                WHEN first_response_hours >= 0 THEN first_response_hours END AS fr,
           CASE WHEN handle_hours >= 0 THEN handle_hours END AS handle
    FROM tickets_
    WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end') AND agent IS NOT NULL
)
SELECT agent AS key, count(*)::DOUBLE AS tickets, median(fr)::DOUBLE AS median_first_response_hours,
       avg(handle)::DOUBLE AS mean_handle_hours, (count(*) OVER ())::DOUBLE AS value
FROM t
GROUP BY agent
ORDER BY tickets DESC, agent ASC;
