-- service.resolution_time: median (value) of resolution - creation in hours, over tickets created in the range; business hours when a calendar is set.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Settings (variables, unset = default): business_open_hour, business_close_hour (INTEGER), business_weekdays (INTEGER[] ISO, [1..5]), business_holidays (VARCHAR[] ISO dates)
-- Reads: tickets(ts, created_at, resolved_at, resolution_hours)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
-- @include tickets_
-- @include business_calendar
WITH t AS (
    SELECT table_index, "row", created_at AS c, resolved_at AS a, resolution_hours AS dur
    FROM tickets_
    WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end')
),
pairs AS (
    -- Measured between two instants: both dates, or creation + the duration column when a
    -- calendar must be applied to it.
    SELECT table_index, "row", 'x' AS which, c,
           CASE WHEN a IS NOT NULL THEN a
                ELSE c + to_seconds(round(dur * 3600)::BIGINT) END AS e
    FROM t
    WHERE c IS NOT NULL
      AND ((a IS NOT NULL AND a >= c) OR (a IS NULL AND dur >= 0 AND (SELECT on_ FROM business_calendar)))
),
work AS (
    -- Working seconds of each pair: per day from c to e, the overlap with opening hours.
    SELECT p.table_index, p."row", p.which,
           sum(greatest(0, epoch(least(p.e, g.d + to_hours(business_calendar.close_h)))
                         - epoch(greatest(p.c, g.d + to_hours(business_calendar.open_h))))) / 3600.0 AS h
    FROM pairs p, business_calendar,
         LATERAL (SELECT unnest(generate_series(p.c::DATE::TIMESTAMP,
                                                (p.e - INTERVAL 1 SECOND)::DATE::TIMESTAMP,
                                                INTERVAL 1 DAY)) AS d) g
    WHERE business_calendar.on_ AND p.e > p.c
      AND list_contains(business_calendar.weekdays, isodow(g.d))
      AND NOT list_contains(business_calendar.holidays, strftime(g.d, '%Y-%m-%d'))
    GROUP BY ALL
),
hours AS (
    SELECT p.table_index, p."row", p.which,
           CASE WHEN (SELECT on_ FROM business_calendar) THEN coalesce(w.h, 0)
                ELSE (epoch(p.e) - epoch(p.c)) / 3600.0 END AS h
    FROM pairs p
    LEFT JOIN work w USING (table_index, "row", which)
),
durations AS (
    SELECT h FROM hours
    UNION ALL
    -- The duration column as given (no calendar, or no creation date to start it from).
    SELECT dur AS h FROM t
    WHERE dur >= 0 AND NOT (c IS NOT NULL AND a IS NOT NULL)
      AND NOT (c IS NOT NULL AND (SELECT on_ FROM business_calendar))
)
SELECT median(h)::DOUBLE AS value, avg(h)::DOUBLE AS mean, count(*) AS n FROM durations;
