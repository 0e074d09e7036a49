-- service.resolution_time: median (value) of resolution - creation in hours, over tickets created in the range; business hours when a calendar is set.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Settings (variables, unset = default): business_open_hour, business_close_hour (INTEGER), business_weekdays (INTEGER[] ISO, [1..5]), business_holidays (VARCHAR[] ISO dates)
-- Reads: tickets(ts, created_at, resolved_at, resolution_hours)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
-- @include ticket_hours
SELECT median(h)::DOUBLE AS value, avg(h)::DOUBLE AS mean, count(*) AS n FROM ticket_hours('resolution');
