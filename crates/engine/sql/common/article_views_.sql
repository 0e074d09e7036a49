CREATE OR REPLACE TEMP VIEW article_views_ AS
SELECT table_index, "row", line, file, customer_key, ts,
       (to_json(src) ->> 'article')::VARCHAR AS article,
       (to_json(src) ->> 'views')::DOUBLE AS views,
       (to_json(src) ->> 'helpful')::BOOLEAN AS helpful,
       (to_json(src) ->> 'rating')::DOUBLE AS rating
FROM article_views src;
