-- loyalty.ces: mean agreement that it was easy, on the settings' CES scale (1-7); ces_agree_rate = share at or above ces_satisfied_from (5).
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Settings (variables, unset = default): csat_min (1), csat_max (5), csat_satisfied_from (4), ces_min (1), ces_max (7), ces_satisfied_from (5)
-- Reads: survey_responses and employee_survey(ts, survey_kind, question, score, scale_min, scale_max); long-shaped answers (wide question columns need the canonical export to melt them)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
-- @include survey_answers
WITH valid AS (
    SELECT * FROM survey_answers
    WHERE hi > lo AND score BETWEEN lo AND hi
      AND (kind NOT IN ('nps', 'enps') OR (lo = 0 AND hi = 10))
),
s AS (
    SELECT coalesce(getvariable('ces_min'), 1)::DOUBLE AS lo,
           coalesce(getvariable('ces_max'), 7)::DOUBLE AS hi,
           coalesce(getvariable('ces_satisfied_from'), 5)::DOUBLE AS from_
),
r AS (
    SELECT s.lo + (v.score - v.lo) / (v.hi - v.lo) * (s.hi - s.lo) AS x, s.from_
    FROM valid v, s
    WHERE v.kind = 'ces'
)
SELECT avg(x)::DOUBLE AS value, (count_if(x >= from_)::DOUBLE / nullif(count(*), 0)) AS ces_agree_rate
FROM r;
