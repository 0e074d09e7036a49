-- service.articles_most_viewed: the 10 most viewed help articles in the range (value: total views, on every row).
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Reads: article_views(ts, article, views)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
-- @include article_names
-- @include article_views_in_range
WITH per AS (
    SELECT article_names.article, coalesce(sum(article_views_in_range.n) FILTER (WHERE article_views_in_range.n >= 0), 0)::DOUBLE AS views
    FROM article_names LEFT JOIN article_views_in_range USING (article)
    GROUP BY article_names.article
)
SELECT article AS key, views, (sum(views) OVER ())::DOUBLE AS value
FROM per
QUALIFY row_number() OVER (ORDER BY views DESC, article ASC) <= 10
ORDER BY views DESC, article ASC;
