-- journey.stage_flow: each customer's dated rows of journey files in (date, file, row) order;
-- a move is a row whose stage differs from the row before; moves back (to an earlier stage)
-- / moves, for moves whose row lies in the range.
-- @include journey_rows
WITH r AS (
    SELECT customer_key, ts, stage,
           lag(stage) OVER (PARTITION BY customer_key ORDER BY ts, table_index, "row") AS prev
    FROM journey_rows
    WHERE customer_key IS NOT NULL AND ts IS NOT NULL
)
SELECT count_if(stage < prev)::DOUBLE / nullif(count(*), 0) AS value
FROM r
WHERE prev IS NOT NULL AND prev <> stage
  AND ts >= getvariable('range_start') AND ts < getvariable('range_end');
