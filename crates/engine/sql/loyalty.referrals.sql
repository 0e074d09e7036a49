-- loyalty.referrals: distinct customers whose first completed order falls in the range and who were acquired through a referral: their first order, or one of their leads, has a referral source/channel/medium word or a filled referrer. Leads who never bought are not customers.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Reads: leads(ts, customer_key, referrer, source, channel, medium), orders(ts, customer_key, status_class, referrer, source, channel, medium)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
-- @include orders_
-- @include referral_word
WITH leads_ AS (
    SELECT table_index, "row", customer_key, ts,
           (to_json(src) ->> 'referrer')::VARCHAR AS referrer,
           (to_json(src) ->> 'source')::VARCHAR AS source,
           (to_json(src) ->> 'channel')::VARCHAR AS channel,
           (to_json(src) ->> 'medium')::VARCHAR AS medium
    FROM leads src
),
referred_leads AS (
    -- Every row of a leads file counts, dated or not (the engine reads files with dates).
    SELECT DISTINCT customer_key FROM leads_
    WHERE customer_key IS NOT NULL
      AND (referrer IS NOT NULL OR referral_word(source) OR referral_word(channel) OR referral_word(medium))
),
firsts AS (
    -- Each customer's first completed order (ties: the earlier file, then the earlier row).
    SELECT * FROM (
        SELECT customer_key, ts, referrer, source, channel, medium,
               row_number() OVER (PARTITION BY customer_key ORDER BY ts, table_index, "row") AS n
        FROM orders_
        WHERE status_class = 'completed' AND customer_key IS NOT NULL AND ts IS NOT NULL
    ) WHERE n = 1
)
SELECT count(DISTINCT f.customer_key)::DOUBLE AS value
FROM firsts f
WHERE f.ts >= getvariable('range_start') AND f.ts < getvariable('range_end')
  AND (f.referrer IS NOT NULL OR referral_word(f.source) OR referral_word(f.channel) OR referral_word(f.medium)
       OR f.customer_key IN (SELECT customer_key FROM referred_leads));
