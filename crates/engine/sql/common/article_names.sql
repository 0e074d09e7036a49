-- @include article_views_
CREATE OR REPLACE TEMP VIEW article_names AS
SELECT DISTINCT article FROM article_views_ WHERE article IS NOT NULL;
