-- The business calendar of the settings (variables business_open_hour, business_close_hour,
-- business_weekdays (ISO, default Mon-Fri), business_holidays (ISO dates)); without
-- business_open_hour there is none and durations are wall-clock.
CREATE OR REPLACE TEMP MACRO business_calendar_on() AS
    getvariable('business_open_hour') IS NOT NULL;
-- Hours from c to e (e >= c): wall-clock without a calendar; with one, for each day from c to
-- e that is a working day and no holiday, the overlap of [c, e] with its opening hours.
CREATE OR REPLACE TEMP MACRO business_hours_between(c, e) AS
    CASE
        WHEN NOT business_calendar_on() THEN (epoch(e) - epoch(c)) / 3600.0
        WHEN e <= c THEN 0.0
        ELSE list_sum(list_transform(
                 generate_series(c::DATE::TIMESTAMP, (e - INTERVAL 1 SECOND)::DATE::TIMESTAMP, INTERVAL 1 DAY),
                 lambda d: CASE
                     WHEN list_contains(coalesce(getvariable('business_weekdays'), [1, 2, 3, 4, 5])::INTEGER[], isodow(d))
                          AND NOT list_contains(coalesce(getvariable('business_holidays'), []::VARCHAR[])::VARCHAR[],
                                                strftime(d, '%Y-%m-%d'))
                     THEN greatest(0, epoch(least(e, d + to_hours(coalesce(getvariable('business_close_hour'), 24)::INTEGER)))
                                    - epoch(greatest(c, d + to_hours(getvariable('business_open_hour')::INTEGER))))
                     ELSE 0 END)) / 3600.0
    END;
