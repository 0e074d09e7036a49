-- service.agent_table: per agent: tickets, median first response (hours; business hours when a calendar is set), mean handle time (value: number of agents, on every row).
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Settings (variables, unset = default): business_open_hour, business_close_hour (INTEGER), business_weekdays (INTEGER[] ISO, [1..5]), business_holidays (VARCHAR[] ISO dates)
-- Reads: tickets(ts, agent, created_at, first_response_at, first_response_hours, handle_hours)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
-- @include tickets_
-- @include ticket_hours
WITH t AS (
    SELECT tk.agent, fr.h AS fr, CASE WHEN tk.handle_hours >= 0 THEN tk.handle_hours END AS handle
    FROM tickets_ tk
    LEFT JOIN ticket_hours('first_response') fr USING (table_index, "row")
    WHERE tk.ts >= getvariable('range_start') AND tk.ts < getvariable('range_end') AND tk.agent IS NOT NULL
)
SELECT agent AS key, count(*)::DOUBLE AS tickets, median(fr)::DOUBLE AS median_first_response_hours,
       avg(handle)::DOUBLE AS mean_handle_hours, (count(*) OVER ())::DOUBLE AS value
FROM t
GROUP BY agent
ORDER BY tickets DESC, agent ASC;
