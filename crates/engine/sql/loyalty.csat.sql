-- loyalty.csat: satisfied answers / answers (settings' threshold on the settings' scale, else the top two points of the answer's scale); mean moved onto the settings' scale.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Settings (variables, unset = default): csat_min (1), csat_max (5), csat_satisfied_from (4), ces_min (1), ces_max (7), ces_satisfied_from (5)
-- Reads: survey_responses and employee_survey(ts, survey_kind, question, score, scale_min, scale_max); long-shaped answers (wide question columns need the canonical export to melt them)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
WITH survey_responses_ AS (
    SELECT table_index, "row", line, file, customer_key, ts,
           (to_json(src) ->> 'survey_kind')::VARCHAR AS survey_kind,
           (to_json(src) ->> 'question')::VARCHAR AS question,
           (to_json(src) ->> 'score')::DOUBLE AS score,
           (to_json(src) ->> 'scale_min')::DOUBLE AS scale_min,
           (to_json(src) ->> 'scale_max')::DOUBLE AS scale_max,
           (to_json(src) ->> 'comment')::VARCHAR AS comment
    FROM survey_responses src
),
employee_survey_ AS (
    SELECT table_index, "row", line, file, customer_key, ts,
           (to_json(src) ->> 'survey_kind')::VARCHAR AS survey_kind,
           (to_json(src) ->> 'question')::VARCHAR AS question,
           (to_json(src) ->> 'score')::DOUBLE AS score,
           (to_json(src) ->> 'scale_min')::DOUBLE AS scale_min,
           (to_json(src) ->> 'scale_max')::DOUBLE AS scale_max,
           (to_json(src) ->> 'comment')::VARCHAR AS comment
    FROM employee_survey src
),
labelled AS (
    SELECT table_index, "row", ts, score, scale_min, scale_max, comment, false AS employee,
           coalesce(CASE
        WHEN survey_kind IS NULL THEN NULL
        WHEN lower(trim(survey_kind)) IN ('nps', 'csat', 'ces', 'enps') THEN lower(trim(survey_kind))
        WHEN list_contains(string_split(trim(regexp_replace(strip_accents(lower(survey_kind)), '[^a-z0-9]+', ' ', 'g')), ' '), 'enps') THEN 'enps'
        WHEN list_contains(string_split(trim(regexp_replace(strip_accents(lower(survey_kind)), '[^a-z0-9]+', ' ', 'g')), ' '), 'nps') OR trim(regexp_replace(strip_accents(lower(survey_kind)), '[^a-z0-9]+', ' ', 'g')) LIKE '%recomend%'
             OR trim(regexp_replace(strip_accents(lower(survey_kind)), '[^a-z0-9]+', ' ', 'g')) LIKE '%recommend%' OR trim(regexp_replace(strip_accents(lower(survey_kind)), '[^a-z0-9]+', ' ', 'g')) LIKE '%indicaria%' THEN 'nps'
        WHEN list_contains(string_split(trim(regexp_replace(strip_accents(lower(survey_kind)), '[^a-z0-9]+', ' ', 'g')), ' '), 'ces') OR trim(regexp_replace(strip_accents(lower(survey_kind)), '[^a-z0-9]+', ' ', 'g')) LIKE '%esforco%'
             OR trim(regexp_replace(strip_accents(lower(survey_kind)), '[^a-z0-9]+', ' ', 'g')) LIKE '%effort%' OR trim(regexp_replace(strip_accents(lower(survey_kind)), '[^a-z0-9]+', ' ', 'g')) LIKE '%facil%' OR trim(regexp_replace(strip_accents(lower(survey_kind)), '[^a-z0-9]+', ' ', 'g')) LIKE '%easy%' THEN 'ces'
        WHEN list_contains(string_split(trim(regexp_replace(strip_accents(lower(survey_kind)), '[^a-z0-9]+', ' ', 'g')), ' '), 'csat') OR trim(regexp_replace(strip_accents(lower(survey_kind)), '[^a-z0-9]+', ' ', 'g')) LIKE '%satisf%' THEN 'csat'
    END,
                    CASE
        WHEN question IS NULL THEN NULL
        WHEN lower(trim(question)) IN ('nps', 'csat', 'ces', 'enps') THEN lower(trim(question))
        WHEN list_contains(string_split(trim(regexp_replace(strip_accents(lower(question)), '[^a-z0-9]+', ' ', 'g')), ' '), 'enps') THEN 'enps'
        WHEN list_contains(string_split(trim(regexp_replace(strip_accents(lower(question)), '[^a-z0-9]+', ' ', 'g')), ' '), 'nps') OR trim(regexp_replace(strip_accents(lower(question)), '[^a-z0-9]+', ' ', 'g')) LIKE '%recomend%'
             OR trim(regexp_replace(strip_accents(lower(question)), '[^a-z0-9]+', ' ', 'g')) LIKE '%recommend%' OR trim(regexp_replace(strip_accents(lower(question)), '[^a-z0-9]+', ' ', 'g')) LIKE '%indicaria%' THEN 'nps'
        WHEN list_contains(string_split(trim(regexp_replace(strip_accents(lower(question)), '[^a-z0-9]+', ' ', 'g')), ' '), 'ces') OR trim(regexp_replace(strip_accents(lower(question)), '[^a-z0-9]+', ' ', 'g')) LIKE '%esforco%'
             OR trim(regexp_replace(strip_accents(lower(question)), '[^a-z0-9]+', ' ', 'g')) LIKE '%effort%' OR trim(regexp_replace(strip_accents(lower(question)), '[^a-z0-9]+', ' ', 'g')) LIKE '%facil%' OR trim(regexp_replace(strip_accents(lower(question)), '[^a-z0-9]+', ' ', 'g')) LIKE '%easy%' THEN 'ces'
        WHEN list_contains(string_split(trim(regexp_replace(strip_accents(lower(question)), '[^a-z0-9]+', ' ', 'g')), ' '), 'csat') OR trim(regexp_replace(strip_accents(lower(question)), '[^a-z0-9]+', ' ', 'g')) LIKE '%satisf%' THEN 'csat'
    END) AS kind
    FROM survey_responses_
    UNION ALL
    -- Employee surveys: NPS-type answers are eNPS; unlabelled scores are eNPS.
    SELECT table_index, "row", ts, score, scale_min, scale_max, comment, true,
           coalesce(CASE
        WHEN survey_kind IS NULL THEN NULL
        WHEN lower(trim(survey_kind)) IN ('nps', 'csat', 'ces', 'enps') THEN lower(trim(survey_kind))
        WHEN list_contains(string_split(trim(regexp_replace(strip_accents(lower(survey_kind)), '[^a-z0-9]+', ' ', 'g')), ' '), 'enps') THEN 'enps'
        WHEN list_contains(string_split(trim(regexp_replace(strip_accents(lower(survey_kind)), '[^a-z0-9]+', ' ', 'g')), ' '), 'nps') OR trim(regexp_replace(strip_accents(lower(survey_kind)), '[^a-z0-9]+', ' ', 'g')) LIKE '%recomend%'
             OR trim(regexp_replace(strip_accents(lower(survey_kind)), '[^a-z0-9]+', ' ', 'g')) LIKE '%recommend%' OR trim(regexp_replace(strip_accents(lower(survey_kind)), '[^a-z0-9]+', ' ', 'g')) LIKE '%indicaria%' THEN 'nps'
        WHEN list_contains(string_split(trim(regexp_replace(strip_accents(lower(survey_kind)), '[^a-z0-9]+', ' ', 'g')), ' '), 'ces') OR trim(regexp_replace(strip_accents(lower(survey_kind)), '[^a-z0-9]+', ' ', 'g')) LIKE '%esforco%'
             OR trim(regexp_replace(strip_accents(lower(survey_kind)), '[^a-z0-9]+', ' ', 'g')) LIKE '%effort%' OR trim(regexp_replace(strip_accents(lower(survey_kind)), '[^a-z0-9]+', ' ', 'g')) LIKE '%facil%' OR trim(regexp_replace(strip_accents(lower(survey_kind)), '[^a-z0-9]+', ' ', 'g')) LIKE '%easy%' THEN 'ces'
        WHEN list_contains(string_split(trim(regexp_replace(strip_accents(lower(survey_kind)), '[^a-z0-9]+', ' ', 'g')), ' '), 'csat') OR trim(regexp_replace(strip_accents(lower(survey_kind)), '[^a-z0-9]+', ' ', 'g')) LIKE '%satisf%' THEN 'csat'
    END,
                    CASE
        WHEN question IS NULL THEN NULL
        WHEN lower(trim(question)) IN ('nps', 'csat', 'ces', 'enps') THEN lower(trim(question))
        WHEN list_contains(string_split(trim(regexp_replace(strip_accents(lower(question)), '[^a-z0-9]+', ' ', 'g')), ' '), 'enps') THEN 'enps'
        WHEN list_contains(string_split(trim(regexp_replace(strip_accents(lower(question)), '[^a-z0-9]+', ' ', 'g')), ' '), 'nps') OR trim(regexp_replace(strip_accents(lower(question)), '[^a-z0-9]+', ' ', 'g')) LIKE '%recomend%'
             OR trim(regexp_replace(strip_accents(lower(question)), '[^a-z0-9]+', ' ', 'g')) LIKE '%recommend%' OR trim(regexp_replace(strip_accents(lower(question)), '[^a-z0-9]+', ' ', 'g')) LIKE '%indicaria%' THEN 'nps'
        WHEN list_contains(string_split(trim(regexp_replace(strip_accents(lower(question)), '[^a-z0-9]+', ' ', 'g')), ' '), 'ces') OR trim(regexp_replace(strip_accents(lower(question)), '[^a-z0-9]+', ' ', 'g')) LIKE '%esforco%'
             OR trim(regexp_replace(strip_accents(lower(question)), '[^a-z0-9]+', ' ', 'g')) LIKE '%effort%' OR trim(regexp_replace(strip_accents(lower(question)), '[^a-z0-9]+', ' ', 'g')) LIKE '%facil%' OR trim(regexp_replace(strip_accents(lower(question)), '[^a-z0-9]+', ' ', 'g')) LIKE '%easy%' THEN 'ces'
        WHEN list_contains(string_split(trim(regexp_replace(strip_accents(lower(question)), '[^a-z0-9]+', ' ', 'g')), ' '), 'csat') OR trim(regexp_replace(strip_accents(lower(question)), '[^a-z0-9]+', ' ', 'g')) LIKE '%satisf%' THEN 'csat'
    END,
                    CASE WHEN survey_kind IS NULL AND question IS NULL THEN 'enps' END) AS kind
    FROM employee_survey_
),
answers AS (
    SELECT table_index, "row", score, comment,
           CASE WHEN employee AND kind = 'nps' THEN 'enps' ELSE kind END AS kind,
           coalesce(scale_min, CASE kind WHEN 'csat' THEN coalesce(getvariable('csat_min'), 1)
                                         WHEN 'ces' THEN coalesce(getvariable('ces_min'), 1)
                                         ELSE 0 END)::DOUBLE AS lo,
           coalesce(scale_max, CASE kind WHEN 'csat' THEN coalesce(getvariable('csat_max'), 5)
                                         WHEN 'ces' THEN coalesce(getvariable('ces_max'), 7)
                                         ELSE 10 END)::DOUBLE AS hi
    FROM labelled
    WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end') AND score IS NOT NULL
),
valid AS (
    SELECT * FROM answers
    WHERE hi > lo AND score BETWEEN lo AND hi
      AND (kind NOT IN ('nps', 'enps') OR (lo = 0 AND hi = 10))
),
s AS (
    SELECT coalesce(getvariable('csat_min'), 1)::DOUBLE AS lo,
           coalesce(getvariable('csat_max'), 5)::DOUBLE AS hi,
           coalesce(getvariable('csat_satisfied_from'), 4)::DOUBLE AS from_
)
SELECT count_if(v.score >= CASE WHEN v.lo = s.lo AND v.hi = s.hi THEN s.from_ ELSE v.hi - 1 END)::DOUBLE
           / nullif(count(*), 0) AS value,
       avg(s.lo + (v.score - v.lo) / (v.hi - v.lo) * (s.hi - s.lo))::DOUBLE AS mean
FROM valid v, s
WHERE v.kind = 'csat';
