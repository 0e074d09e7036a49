-- Whether a source/channel/medium word means a referral (the engine's is_referral_word).
CREATE OR REPLACE TEMP MACRO referral_word(s) AS
    s IS NOT NULL AND (
        list_contains(['referral', 'referred', 'refer a friend', 'indicacao', 'indicado', 'indique', 'member get member', 'mgm'],
                      trim(regexp_replace(strip_accents(lower(s)), '[^a-z0-9]+', ' ', 'g')))
        OR EXISTS (SELECT 1 FROM unnest(['referral', 'referred', 'refer a friend', 'indicacao', 'indicado', 'indique', 'member get member', 'mgm']) AS u(w)
                   WHERE starts_with(trim(regexp_replace(strip_accents(lower(s)), '[^a-z0-9]+', ' ', 'g')), u.w || ' ')
                      OR ends_with(trim(regexp_replace(strip_accents(lower(s)), '[^a-z0-9]+', ' ', 'g')), ' ' || u.w))
        OR trim(regexp_replace(strip_accents(lower(s)), '[^a-z0-9]+', ' ', 'g')) LIKE '%indicac%'
        OR trim(regexp_replace(strip_accents(lower(s)), '[^a-z0-9]+', ' ', 'g')) LIKE '%referral%');
