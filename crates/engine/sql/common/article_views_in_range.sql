-- @include article_views_
CREATE OR REPLACE TEMP VIEW article_views_in_range AS
-- The views column, else one view per row.
SELECT article, coalesce(views, CASE WHEN (SELECT count(views) FROM article_views_) = 0 THEN 1 END) AS n
FROM article_views_
WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end') AND article IS NOT NULL;
