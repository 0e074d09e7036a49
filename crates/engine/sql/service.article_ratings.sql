-- service.article_ratings: helpful votes / votes over all help articles in the range.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Reads: article_views(ts, article, helpful, rating)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
-- @include article_views_
SELECT count_if(helpful)::DOUBLE / nullif(count(helpful), 0) AS value,
       avg(rating)::DOUBLE AS mean_rating
FROM article_views_
WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end') AND article IS NOT NULL;
