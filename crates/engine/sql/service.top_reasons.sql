-- service.top_reasons: contact reasons ranked by tickets in the range (rows: the ranking; value: distinct reasons, on every row).
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Reads: tickets(ts, reason)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
-- @include tickets_
WITH r AS (
    SELECT reason, count(*) AS tickets
    FROM tickets_
    WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end') AND reason IS NOT NULL
    GROUP BY reason
)
SELECT reason AS key, tickets::DOUBLE AS tickets, tickets / sum(tickets) OVER () AS share,
       (count(*) OVER ())::DOUBLE AS value
FROM r
ORDER BY tickets DESC, reason ASC;
