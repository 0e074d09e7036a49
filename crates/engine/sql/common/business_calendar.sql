CREATE OR REPLACE TEMP VIEW business_calendar AS
-- The business calendar; without business_open_hour, durations are wall-clock.
SELECT getvariable('business_open_hour') IS NOT NULL AS on_,
       coalesce(getvariable('business_open_hour'), 0)::INTEGER AS open_h,
       coalesce(getvariable('business_close_hour'), 24)::INTEGER AS close_h,
       coalesce(getvariable('business_weekdays'), [1, 2, 3, 4, 5])::INTEGER[] AS weekdays,
       coalesce(getvariable('business_holidays'), []::VARCHAR[])::VARCHAR[] AS holidays;
