-- loyalty.review_rating: mean 1-5 review rating in the range (ratings outside 1-5 excluded).
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Reads: reviews(at, rating, score)
SELECT avg(x)::DOUBLE AS value, count(x) AS count
FROM (SELECT coalesce(rating, score) AS x FROM reviews WHERE "at" >= getvariable('range_start') AND "at" < getvariable('range_end'))
WHERE x BETWEEN 1 AND 5;
