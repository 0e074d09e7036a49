-- service.article_ratings: helpful votes / votes over all help articles in the range.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Reads: article_views(at, article, helpful, rating)
SELECT count_if(helpful)::DOUBLE / nullif(count(helpful), 0) AS value,
       avg(rating)::DOUBLE AS mean_rating
FROM article_views
WHERE "at" >= getvariable('range_start') AND "at" < getvariable('range_end') AND article IS NOT NULL;
