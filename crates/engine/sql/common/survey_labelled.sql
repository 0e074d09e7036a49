-- @include survey_responses_
-- @include employee_survey_
-- The survey kind a label names (nps, csat, ces, enps), as the engine reads it: the id itself,
-- else a word or phrase of the folded text (lower case, no accents, punctuation as spaces).
CREATE OR REPLACE TEMP MACRO survey_kind_of_folded(t, f) AS
    CASE
        WHEN t IS NULL THEN NULL
        WHEN lower(trim(t)) IN ('nps', 'csat', 'ces', 'enps') THEN lower(trim(t))
        WHEN list_contains(string_split(f, ' '), 'enps') THEN 'enps'
        WHEN list_contains(string_split(f, ' '), 'nps') OR f LIKE '%recomend%'
             OR f LIKE '%recommend%' OR f LIKE '%indicaria%' THEN 'nps'
        WHEN list_contains(string_split(f, ' '), 'ces') OR f LIKE '%esforco%'
             OR f LIKE '%effort%' OR f LIKE '%facil%' OR f LIKE '%easy%' THEN 'ces'
        WHEN list_contains(string_split(f, ' '), 'csat') OR f LIKE '%satisf%' THEN 'csat'
    END;
CREATE OR REPLACE TEMP MACRO survey_kind_of(t) AS
    survey_kind_of_folded(t, trim(regexp_replace(strip_accents(lower(t)), '[^a-z0-9]+', ' ', 'g')));
CREATE OR REPLACE TEMP VIEW survey_labelled AS
SELECT table_index, "row", ts, score, scale_min, scale_max, comment, false AS employee,
       coalesce(survey_kind_of(survey_kind),
                survey_kind_of(question)) AS kind
FROM survey_responses_
UNION ALL
-- Employee surveys: NPS-type answers are eNPS; unlabelled scores are eNPS.
SELECT table_index, "row", ts, score, scale_min, scale_max, comment, true,
       coalesce(survey_kind_of(survey_kind),
                survey_kind_of(question),
                CASE WHEN survey_kind IS NULL AND question IS NULL THEN 'enps' END) AS kind
FROM employee_survey_;
