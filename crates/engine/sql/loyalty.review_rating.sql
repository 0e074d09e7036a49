-- loyalty.review_rating: mean 1-5 review rating in the range (ratings outside 1-5 excluded).
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Reads: reviews(ts, rating, score)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
WITH reviews_ AS (
    SELECT table_index, "row", line, file, customer_key, ts,
           (to_json(src) ->> 'rating')::DOUBLE AS rating,
           (to_json(src) ->> 'score')::DOUBLE AS score
    FROM reviews src
)
SELECT avg(x)::DOUBLE AS value, count(x) AS count
FROM (SELECT coalesce(rating, score) AS x FROM reviews_ WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end'))
WHERE x BETWEEN 1 AND 5;
