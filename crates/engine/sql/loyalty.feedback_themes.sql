-- loyalty.feedback_themes: most frequent words per survey kind and respondent group in comments (each word once per comment; pt+en stop-words, numbers and words under 3 letters removed). Rows: the top 10 words of each group; value: comments analysed, on every row.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Settings (variables, unset = default): csat_min (1), csat_max (5), csat_satisfied_from (4), ces_min (1), ces_max (7), ces_satisfied_from (5)
-- Reads: survey_responses and employee_survey(ts, survey_kind, question, score, scale_min, scale_max, comment); long-shaped answers (wide question columns need the canonical export to melt them)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
-- @include survey_answers
WITH valid AS (
    SELECT * FROM survey_answers
    WHERE hi > lo AND score BETWEEN lo AND hi
      AND (kind NOT IN ('nps', 'enps') OR (lo = 0 AND hi = 10))
),
s AS (
    SELECT coalesce(getvariable('csat_min'), 1)::DOUBLE AS c_lo, coalesce(getvariable('csat_max'), 5)::DOUBLE AS c_hi,
           coalesce(getvariable('csat_satisfied_from'), 4)::DOUBLE AS c_from,
           coalesce(getvariable('ces_min'), 1)::DOUBLE AS e_lo, coalesce(getvariable('ces_max'), 7)::DOUBLE AS e_hi,
           coalesce(getvariable('ces_satisfied_from'), 5)::DOUBLE AS e_from
),
commented AS (
    SELECT v.table_index, v."row", v.kind, v.comment,
           CASE WHEN v.kind IN ('nps', 'enps') THEN
                    CASE WHEN v.score >= 9 THEN 'promoters' WHEN v.score >= 7 THEN 'passives' ELSE 'detractors' END
                WHEN v.kind = 'csat' THEN
                    CASE WHEN v.score >= CASE WHEN v.lo = s.c_lo AND v.hi = s.c_hi THEN s.c_from ELSE v.hi - 1 END
                         THEN 'satisfied' ELSE 'unsatisfied' END
                ELSE CASE WHEN s.e_lo + (v.score - v.lo) / (v.hi - v.lo) * (s.e_hi - s.e_lo) >= s.e_from
                          THEN 'satisfied' ELSE 'unsatisfied' END
           END AS grp
    FROM valid v, s
    WHERE v.comment IS NOT NULL AND v.kind IS NOT NULL
),
words AS (
    SELECT DISTINCT table_index, "row", kind, grp, lower(w) AS term
    FROM (SELECT table_index, "row", kind, grp,
                 unnest(regexp_split_to_array(comment, '[^\p{L}\p{N}]+')) AS w
          FROM commented)
    WHERE length(w) >= 3 AND NOT regexp_full_match(w, '[0-9]+')
      AND NOT list_contains(['a', 'ao', 'aos', 'aquela', 'aquele', 'aqueles', 'aquilo', 'as', 'ate', 'com', 'como', 'da', 'das', 'de', 'dela', 'dele', 'deles', 'depois', 'do', 'dos', 'e', 'ela', 'elas', 'ele', 'eles', 'em', 'entre', 'era', 'essa', 'esse', 'esta', 'estava', 'este', 'estou', 'eu', 'foi', 'for', 'foram', 'ha', 'isso', 'isto', 'ja', 'la', 'lhe', 'mais', 'mas', 'me', 'mesmo', 'meu', 'minha', 'muito', 'muita', 'na', 'nas', 'nao', 'nem', 'no', 'nos', 'nossa', 'nosso', 'num', 'numa', 'o', 'os', 'ou', 'para', 'pela', 'pelas', 'pelo', 'pelos', 'por', 'pra', 'pro', 'qual', 'quando', 'que', 'quem', 'se', 'sem', 'ser', 'seu', 'sua', 'so', 'sao', 'tambem', 'tem', 'ter', 'teve', 'tinha', 'to', 'tu', 'um', 'uma', 'umas', 'uns', 'vai', 'voce', 'voces', 'vou', 'sim', 'bem', 'bom', 'boa', 'ainda', 'sempre', 'pq', 'porque', 'estao', 'seja', 'about', 'after', 'all', 'also', 'am', 'an', 'and', 'any', 'are', 'as', 'at', 'be', 'been', 'but', 'by', 'can', 'could', 'did', 'do', 'does', 'for', 'from', 'get', 'got', 'had', 'has', 'have', 'he', 'her', 'him', 'his', 'how', 'i', 'if', 'in', 'into', 'is', 'it', 'its', 'just', 'me', 'more', 'most', 'my', 'no', 'not', 'of', 'on', 'one', 'only', 'or', 'our', 'out', 'so', 'some', 'than', 'that', 'the', 'their', 'them', 'then', 'there', 'they', 'this', 'to', 'too', 'up', 'us', 'very', 'was', 'we', 'were', 'what', 'when', 'which', 'who', 'will', 'with', 'would', 'you', 'your', 'really', 'much', 'im', 'dont', 'its'], trim(regexp_replace(strip_accents(lower(w)), '[^a-z0-9]+', ' ', 'g')))
),
counts AS (
    SELECT kind, grp, term, count(*) AS comments FROM words GROUP BY ALL
)
SELECT kind AS survey, grp AS "group", term, comments::DOUBLE AS count,
       (SELECT count(*) FROM commented)::DOUBLE AS value
FROM counts
QUALIFY row_number() OVER (PARTITION BY kind, grp ORDER BY comments DESC, term ASC) <= 10
ORDER BY survey, "group", count DESC, term ASC;
