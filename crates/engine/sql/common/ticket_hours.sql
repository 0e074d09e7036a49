-- @include tickets_
-- @include business_hours_between
-- Each ticket created in the range with its hours to `which` ('first_response' or
-- 'resolution'), as the engine reads them: between the two dates (none when the end is before
-- creation); else the duration column (negative: none), counted in business hours from
-- creation when a calendar is set. Tickets with neither are left out.
CREATE OR REPLACE TEMP MACRO ticket_hours(which) AS TABLE
WITH t AS (
    SELECT table_index, "row", created_at AS c,
           CASE which WHEN 'first_response' THEN first_response_at WHEN 'resolution' THEN resolved_at END AS a,
           CASE which WHEN 'first_response' THEN first_response_hours WHEN 'resolution' THEN resolution_hours END AS dur
    FROM tickets_
    WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end')
),
h AS (
    SELECT table_index, "row",
           CASE WHEN c IS NOT NULL AND a IS NOT NULL THEN
                     CASE WHEN a >= c THEN business_hours_between(c, a) END
                WHEN dur < 0 THEN NULL
                WHEN c IS NOT NULL AND business_calendar_on() THEN
                     business_hours_between(c, c + to_seconds(round(dur * 3600)::BIGINT))
                ELSE dur END AS h
    FROM t
)
SELECT table_index, "row", h FROM h WHERE h IS NOT NULL;
