-- @include survey_responses_
-- @include employee_survey_
CREATE OR REPLACE TEMP VIEW survey_labelled AS
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
FROM employee_survey_;
