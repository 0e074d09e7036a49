-- loyalty.enps: the NPS formula over employee answers.
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
)
SELECT 100.0 * (count_if(score >= 9) - count_if(score <= 6)) / nullif(count(*), 0) AS value,
       count_if(score >= 9) AS promoters, count_if(score >= 7 AND score < 9) AS passives,
       count_if(score < 7) AS detractors
FROM valid
WHERE kind = 'enps';
