CREATE OR REPLACE TEMP VIEW spend_main_currency AS
SELECT currency FROM marketing_spend WHERE spend IS NOT NULL
GROUP BY currency ORDER BY count(*) DESC, currency ASC NULLS FIRST LIMIT 1;
