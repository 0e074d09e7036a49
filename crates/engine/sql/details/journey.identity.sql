-- journey.identity (details): per file naming people (a row with a customer id, e-mail or
-- visitor id), its rows, and how each matched, under the first rule that applies: its own
-- customer id, else its own e-mail (non-blank), else a customer through its visitor id, else
-- unmatched; conflicts: customer ids seen with two or more e-mails (trimmed, lower-cased) on
-- rows carrying both, visitor ids seen on the rows (matched by their own id or e-mail) of two
-- customers; customers: the distinct customers. Rows: keys '<file>|rows', '<file>|by_id',
-- ..., 'detail|conflicts_id_emails', 'detail|conflicts_visitor_customers', 'detail|customers'.
WITH people AS (
    SELECT file, customer_key, (to_json(src) ->> 'customer_id') AS cid,
           (to_json(src) ->> 'email') AS email, (to_json(src) ->> 'visitor_id') AS vid
    FROM orders src
    UNION ALL SELECT file, customer_key, to_json(src) ->> 'customer_id', to_json(src) ->> 'email', to_json(src) ->> 'visitor_id' FROM subscriptions src
    UNION ALL SELECT file, customer_key, to_json(src) ->> 'customer_id', to_json(src) ->> 'email', to_json(src) ->> 'visitor_id' FROM tickets src
    UNION ALL SELECT file, customer_key, to_json(src) ->> 'customer_id', to_json(src) ->> 'email', to_json(src) ->> 'visitor_id' FROM survey_responses src
    UNION ALL SELECT file, customer_key, to_json(src) ->> 'customer_id', to_json(src) ->> 'email', to_json(src) ->> 'visitor_id' FROM leads src
    UNION ALL SELECT file, customer_key, to_json(src) ->> 'customer_id', to_json(src) ->> 'email', to_json(src) ->> 'visitor_id' FROM sessions src
    UNION ALL SELECT file, customer_key, to_json(src) ->> 'customer_id', to_json(src) ->> 'email', to_json(src) ->> 'visitor_id' FROM marketing_spend src
    UNION ALL SELECT file, customer_key, to_json(src) ->> 'customer_id', to_json(src) ->> 'email', to_json(src) ->> 'visitor_id' FROM events src
    UNION ALL SELECT file, customer_key, to_json(src) ->> 'customer_id', to_json(src) ->> 'email', to_json(src) ->> 'visitor_id' FROM reviews src
    UNION ALL SELECT file, customer_key, to_json(src) ->> 'customer_id', to_json(src) ->> 'email', to_json(src) ->> 'visitor_id' FROM article_views src
    UNION ALL SELECT file, customer_key, to_json(src) ->> 'customer_id', to_json(src) ->> 'email', to_json(src) ->> 'visitor_id' FROM chats src
    UNION ALL SELECT file, customer_key, to_json(src) ->> 'customer_id', to_json(src) ->> 'email', to_json(src) ->> 'visitor_id' FROM social_interactions src
    UNION ALL SELECT file, customer_key, to_json(src) ->> 'customer_id', to_json(src) ->> 'email', to_json(src) ->> 'visitor_id' FROM employee_survey src
    UNION ALL SELECT file, customer_key, to_json(src) ->> 'customer_id', to_json(src) ->> 'email', to_json(src) ->> 'visitor_id' FROM agent_shifts src
),
ruled AS (
    SELECT file, customer_key, cid, email, vid,
           CASE WHEN trim(coalesce(cid, '')) <> '' THEN 'by_id'
                WHEN trim(coalesce(email, '')) <> '' THEN 'by_email'
                WHEN customer_key IS NOT NULL THEN 'by_visitor'
                ELSE 'unmatched' END AS how
    FROM people
),
files AS (
    SELECT file FROM ruled GROUP BY file
    HAVING bool_or(cid IS NOT NULL OR email IS NOT NULL OR vid IS NOT NULL)
),
per_file AS (
    SELECT r.file, count(*) AS rows_,
           count(*) FILTER (WHERE how = 'by_id') AS by_id,
           count(*) FILTER (WHERE how = 'by_email') AS by_email,
           count(*) FILTER (WHERE how = 'by_visitor') AS by_visitor,
           count(*) FILTER (WHERE how = 'unmatched') AS unmatched
    FROM ruled r JOIN files f ON f.file = r.file GROUP BY r.file
),
id_conflicts AS (
    SELECT cid FROM people
    WHERE cid IS NOT NULL AND email IS NOT NULL AND lower(trim(email)) <> ''
    GROUP BY cid HAVING count(DISTINCT lower(trim(email))) >= 2
),
visitor_conflicts AS (
    SELECT vid FROM ruled WHERE how IN ('by_id', 'by_email') AND vid IS NOT NULL
    GROUP BY vid HAVING count(DISTINCT customer_key) >= 2
)
SELECT file || '|rows' AS key, rows_::DOUBLE AS value FROM per_file
UNION ALL SELECT file || '|by_id', by_id::DOUBLE FROM per_file
UNION ALL SELECT file || '|by_email', by_email::DOUBLE FROM per_file
UNION ALL SELECT file || '|by_visitor', by_visitor::DOUBLE FROM per_file
UNION ALL SELECT file || '|unmatched', unmatched::DOUBLE FROM per_file
UNION ALL SELECT 'detail|conflicts_id_emails', count(*)::DOUBLE FROM id_conflicts
UNION ALL SELECT 'detail|conflicts_visitor_customers', count(*)::DOUBLE FROM visitor_conflicts
UNION ALL SELECT 'detail|customers', count(DISTINCT customer_key)::DOUBLE FROM people;
