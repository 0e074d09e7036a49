-- @include survey_labelled
CREATE OR REPLACE TEMP VIEW survey_answers AS
SELECT table_index, "row", score, comment,
       CASE WHEN employee AND kind = 'nps' THEN 'enps' ELSE kind END AS kind,
       coalesce(scale_min, CASE kind WHEN 'csat' THEN coalesce(getvariable('csat_min'), 1)
                                     WHEN 'ces' THEN coalesce(getvariable('ces_min'), 1)
                                     ELSE 0 END)::DOUBLE AS lo,
       coalesce(scale_max, CASE kind WHEN 'csat' THEN coalesce(getvariable('csat_max'), 5)
                                     WHEN 'ces' THEN coalesce(getvariable('ces_max'), 7)
                                     ELSE 10 END)::DOUBLE AS hi
FROM survey_labelled
WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end') AND score IS NOT NULL;
