-- attraction.social_engagement: reactions + comments + shares + direct messages in the range
-- (empty cells are 0). A file with none of these count columns (`has_counts` false) lists
-- single interactions: each of its rows is one.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role: see crates/engine/sql/README.md). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
WITH s AS (
    -- The engine reads every social_interactions file with dates, as one.
    SELECT * FROM social_interactions WHERE ts IS NOT NULL
)
SELECT coalesce(sum(CASE WHEN has_counts
                         THEN coalesce(reactions, 0) + coalesce(comments, 0) + coalesce(shares, 0)
                              + coalesce(direct_messages, 0)
                         ELSE 1 END), 0)::DOUBLE AS value
FROM s
WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end');
