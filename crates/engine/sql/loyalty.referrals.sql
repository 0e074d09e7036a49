-- loyalty.referrals: distinct customers (or leads) acquired through a referral in the range: leads and completed orders whose source/channel/medium is a referral word or whose referrer is filled.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Reads: leads(ts, customer_key, referrer, source, channel, medium), orders(ts, customer_key, status_class, referrer, source, channel, medium)
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
-- @include orders_
WITH leads_ AS (
    SELECT table_index, "row", line, file, customer_key, ts,
           (to_json(src) ->> 'referrer')::VARCHAR AS referrer,
           (to_json(src) ->> 'source')::VARCHAR AS source,
           (to_json(src) ->> 'channel')::VARCHAR AS channel,
           (to_json(src) ->> 'medium')::VARCHAR AS medium
    FROM leads src
),
r AS (
    SELECT coalesce(customer_key::VARCHAR, 'lead:' || table_index || ':' || "row") AS who
    FROM leads_
    WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end')
      AND (referrer IS NOT NULL OR (source IS NOT NULL AND (list_contains(['referral', 'referred', 'refer a friend', 'indicacao', 'indicado', 'indique', 'member get member', 'mgm'], trim(regexp_replace(strip_accents(lower(source)), '[^a-z0-9]+', ' ', 'g')))
        OR EXISTS (SELECT 1 FROM unnest(['referral', 'referred', 'refer a friend', 'indicacao', 'indicado', 'indique', 'member get member', 'mgm']) AS u(w) WHERE starts_with(trim(regexp_replace(strip_accents(lower(source)), '[^a-z0-9]+', ' ', 'g')), u.w || ' ') OR ends_with(trim(regexp_replace(strip_accents(lower(source)), '[^a-z0-9]+', ' ', 'g')), ' ' || u.w))
        OR trim(regexp_replace(strip_accents(lower(source)), '[^a-z0-9]+', ' ', 'g')) LIKE '%indicac%' OR trim(regexp_replace(strip_accents(lower(source)), '[^a-z0-9]+', ' ', 'g')) LIKE '%referral%')) OR (channel IS NOT NULL AND (list_contains(['referral', 'referred', 'refer a friend', 'indicacao', 'indicado', 'indique', 'member get member', 'mgm'], trim(regexp_replace(strip_accents(lower(channel)), '[^a-z0-9]+', ' ', 'g')))
        OR EXISTS (SELECT 1 FROM unnest(['referral', 'referred', 'refer a friend', 'indicacao', 'indicado', 'indique', 'member get member', 'mgm']) AS u(w) WHERE starts_with(trim(regexp_replace(strip_accents(lower(channel)), '[^a-z0-9]+', ' ', 'g')), u.w || ' ') OR ends_with(trim(regexp_replace(strip_accents(lower(channel)), '[^a-z0-9]+', ' ', 'g')), ' ' || u.w))
        OR trim(regexp_replace(strip_accents(lower(channel)), '[^a-z0-9]+', ' ', 'g')) LIKE '%indicac%' OR trim(regexp_replace(strip_accents(lower(channel)), '[^a-z0-9]+', ' ', 'g')) LIKE '%referral%')) OR (medium IS NOT NULL AND (list_contains(['referral', 'referred', 'refer a friend', 'indicacao', 'indicado', 'indique', 'member get member', 'mgm'], trim(regexp_replace(strip_accents(lower(medium)), '[^a-z0-9]+', ' ', 'g')))
        OR EXISTS (SELECT 1 FROM unnest(['referral', 'referred', 'refer a friend', 'indicacao', 'indicado', 'indique', 'member get member', 'mgm']) AS u(w) WHERE starts_with(trim(regexp_replace(strip_accents(lower(medium)), '[^a-z0-9]+', ' ', 'g')), u.w || ' ') OR ends_with(trim(regexp_replace(strip_accents(lower(medium)), '[^a-z0-9]+', ' ', 'g')), ' ' || u.w))
        OR trim(regexp_replace(strip_accents(lower(medium)), '[^a-z0-9]+', ' ', 'g')) LIKE '%indicac%' OR trim(regexp_replace(strip_accents(lower(medium)), '[^a-z0-9]+', ' ', 'g')) LIKE '%referral%')))
    UNION ALL
    SELECT customer_key::VARCHAR
    FROM orders_
    WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end') AND status_class = 'completed' AND customer_key IS NOT NULL
      AND (referrer IS NOT NULL OR (source IS NOT NULL AND (list_contains(['referral', 'referred', 'refer a friend', 'indicacao', 'indicado', 'indique', 'member get member', 'mgm'], trim(regexp_replace(strip_accents(lower(source)), '[^a-z0-9]+', ' ', 'g')))
        OR EXISTS (SELECT 1 FROM unnest(['referral', 'referred', 'refer a friend', 'indicacao', 'indicado', 'indique', 'member get member', 'mgm']) AS u(w) WHERE starts_with(trim(regexp_replace(strip_accents(lower(source)), '[^a-z0-9]+', ' ', 'g')), u.w || ' ') OR ends_with(trim(regexp_replace(strip_accents(lower(source)), '[^a-z0-9]+', ' ', 'g')), ' ' || u.w))
        OR trim(regexp_replace(strip_accents(lower(source)), '[^a-z0-9]+', ' ', 'g')) LIKE '%indicac%' OR trim(regexp_replace(strip_accents(lower(source)), '[^a-z0-9]+', ' ', 'g')) LIKE '%referral%')) OR (channel IS NOT NULL AND (list_contains(['referral', 'referred', 'refer a friend', 'indicacao', 'indicado', 'indique', 'member get member', 'mgm'], trim(regexp_replace(strip_accents(lower(channel)), '[^a-z0-9]+', ' ', 'g')))
        OR EXISTS (SELECT 1 FROM unnest(['referral', 'referred', 'refer a friend', 'indicacao', 'indicado', 'indique', 'member get member', 'mgm']) AS u(w) WHERE starts_with(trim(regexp_replace(strip_accents(lower(channel)), '[^a-z0-9]+', ' ', 'g')), u.w || ' ') OR ends_with(trim(regexp_replace(strip_accents(lower(channel)), '[^a-z0-9]+', ' ', 'g')), ' ' || u.w))
        OR trim(regexp_replace(strip_accents(lower(channel)), '[^a-z0-9]+', ' ', 'g')) LIKE '%indicac%' OR trim(regexp_replace(strip_accents(lower(channel)), '[^a-z0-9]+', ' ', 'g')) LIKE '%referral%')) OR (medium IS NOT NULL AND (list_contains(['referral', 'referred', 'refer a friend', 'indicacao', 'indicado', 'indique', 'member get member', 'mgm'], trim(regexp_replace(strip_accents(lower(medium)), '[^a-z0-9]+', ' ', 'g')))
        OR EXISTS (SELECT 1 FROM unnest(['referral', 'referred', 'refer a friend', 'indicacao', 'indicado', 'indique', 'member get member', 'mgm']) AS u(w) WHERE starts_with(trim(regexp_replace(strip_accents(lower(medium)), '[^a-z0-9]+', ' ', 'g')), u.w || ' ') OR ends_with(trim(regexp_replace(strip_accents(lower(medium)), '[^a-z0-9]+', ' ', 'g')), ' ' || u.w))
        OR trim(regexp_replace(strip_accents(lower(medium)), '[^a-z0-9]+', ' ', 'g')) LIKE '%indicac%' OR trim(regexp_replace(strip_accents(lower(medium)), '[^a-z0-9]+', ' ', 'g')) LIKE '%referral%')))
)
SELECT count(DISTINCT who)::DOUBLE AS value FROM r;
