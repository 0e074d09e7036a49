-- service.sla_compliance_rate: tickets that met their SLA / tickets with a target (breached flag, else due date vs first response, else the settings' targets; business hours when a calendar is set).
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Settings (variables, unset = default): sla_first_response_hours (24), sla_resolution_hours (none), business_open_hour, business_close_hour, business_weekdays, business_holidays
-- Reads: tickets(ts, created_at, first_response_at, first_response_hours, resolved_at, resolution_hours, sla_due, sla_breached)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
-- @include tickets_
-- @include business_hours_between
WITH now_ AS (
    -- "Now" for tickets still waiting: the latest date of their file.
    SELECT table_index, max(v) AS now
    FROM (SELECT table_index, unnest([ts, created_at, first_response_at, resolved_at]) AS v FROM tickets_)
    GROUP BY table_index
),
t AS (
    SELECT tk.table_index, tk."row", tk.created_at AS c, tk.sla_breached, tk.sla_due, n.now,
           coalesce(tk.first_response_at, tk.created_at + to_seconds(round(tk.first_response_hours * 3600)::BIGINT)) AS fr,
           coalesce(tk.resolved_at, tk.created_at + to_seconds(round(tk.resolution_hours * 3600)::BIGINT)) AS rs
    FROM tickets_ tk JOIN now_ n USING (table_index)
    WHERE tk.ts >= getvariable('range_start') AND ts < getvariable('range_end')
),
targets AS (
    SELECT coalesce(getvariable('sla_first_response_hours'), 24)::DOUBLE AS fr_target,
           getvariable('sla_resolution_hours')::DOUBLE AS rs_target
),
verdicts AS (
    SELECT CASE
        WHEN t.sla_breached IS NOT NULL THEN (NOT t.sla_breached)::INTEGER
        WHEN t.sla_due IS NOT NULL THEN
            CASE WHEN t.fr IS NOT NULL THEN (t.fr <= t.sla_due)::INTEGER
                 WHEN t.now > t.sla_due THEN 0 END
        WHEN t.c IS NULL THEN NULL
        WHEN t.fr < t.c THEN NULL
        WHEN t.fr IS NOT NULL AND business_hours_between(t.c, t.fr) > g.fr_target THEN 0
        WHEN t.fr IS NULL AND t.now >= t.c AND business_hours_between(t.c, t.now) > g.fr_target THEN 0
        WHEN t.fr IS NULL THEN NULL
        WHEN g.rs_target IS NULL THEN 1
        WHEN t.rs < t.c THEN NULL
        WHEN t.rs IS NOT NULL AND business_hours_between(t.c, t.rs) > g.rs_target THEN 0
        WHEN t.rs IS NULL AND t.now >= t.c AND business_hours_between(t.c, t.now) > g.rs_target THEN 0
        WHEN t.rs IS NULL THEN NULL
        ELSE 1 END AS met
    FROM t CROSS JOIN targets g
)
SELECT sum(met)::DOUBLE / nullif(count(met), 0) AS value FROM verdicts;
