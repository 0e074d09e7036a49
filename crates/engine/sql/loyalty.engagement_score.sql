-- loyalty.engagement_score: the mean, over customers with an event in the range, of their
-- score Σ over event kinds of weight × count, with the default weights (1 each: the score is
-- the customer's number of events; the parity variants set no engagement_weights).
-- Events with no customer or no event name are left out.
-- @include events_
SELECT avg(n)::DOUBLE AS value
FROM (
    SELECT customer_key, count(*) AS n
    FROM events_
    WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end')
      AND customer_key IS NOT NULL AND event_name IS NOT NULL
    GROUP BY customer_key
);
