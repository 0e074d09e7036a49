-- service.articles_most_viewed: the 10 most viewed help articles in the range (value: total views, on every row).
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Reads: article_views(ts, article, views)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
WITH article_views_ AS (
    SELECT table_index, "row", line, file, customer_key, ts,
           (to_json(src) ->> 'article')::VARCHAR AS article,
           (to_json(src) ->> 'views')::DOUBLE AS views,
           (to_json(src) ->> 'helpful')::BOOLEAN AS helpful,
           (to_json(src) ->> 'rating')::DOUBLE AS rating
    FROM article_views src
),
names AS (
    SELECT DISTINCT article FROM article_views_ WHERE article IS NOT NULL
),
v AS (
    -- The views column, else one view per row.
    SELECT article, coalesce(views, CASE WHEN (SELECT count(views) FROM article_views_) = 0 THEN 1 END) AS n
    FROM article_views_
    WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end') AND article IS NOT NULL
),
per AS (
    SELECT names.article, coalesce(sum(v.n) FILTER (WHERE v.n >= 0), 0)::DOUBLE AS views
    FROM names LEFT JOIN v USING (article)
    GROUP BY names.article
)
SELECT article AS key, views, (sum(views) OVER ())::DOUBLE AS value
FROM per
QUALIFY row_number() OVER (ORDER BY views DESC, article ASC) <= 10
ORDER BY views DESC, article ASC;
