CREATE OR REPLACE TEMP VIEW employee_survey_ AS
SELECT table_index, "row", line, file, customer_key, ts,
       (to_json(src) ->> 'survey_kind')::VARCHAR AS survey_kind,
       (to_json(src) ->> 'question')::VARCHAR AS question,
       (to_json(src) ->> 'score')::DOUBLE AS score,
       (to_json(src) ->> 'scale_min')::DOUBLE AS scale_min,
       (to_json(src) ->> 'scale_max')::DOUBLE AS scale_max,
       (to_json(src) ->> 'comment')::VARCHAR AS comment
FROM employee_survey src;
