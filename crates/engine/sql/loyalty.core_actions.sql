-- loyalty.core_actions: active users (any event in the range) who performed at least one core action / active users.
-- Reads the canonical tables written by `jornada_engine::canonical` (one DuckDB table per
-- file kind, columns named by role). The range is
-- [getvariable('range_start'), getvariable('range_end')), TIMESTAMPs.
-- Settings (variables, unset = default): core_actions (VARCHAR[]; default: every event name
-- except the lifecycle ones and the account-lifecycle ones: sign-up, login, logout),
-- activation_event ('activation'), value_event ('first_value'), onboarding_event
-- ('onboarding_complete')
-- Reads: events(ts, customer_key, visitor_id, event_name)
-- Names are matched folded (lower-cased, accents stripped, runs of other characters one space).
-- Optional role columns are read through to_json(row) so that a file without them reads as NULL.
WITH events_ AS (
    SELECT table_index, "row", line, file, customer_key, ts,
           (to_json(src) ->> 'event_name')::VARCHAR AS event_name,
           (to_json(src) ->> 'customer_id')::VARCHAR AS customer_id,
           (to_json(src) ->> 'email')::VARCHAR AS email,
           (to_json(src) ->> 'visitor_id')::VARCHAR AS visitor_id
    FROM events src
),
folded AS (
    SELECT *, trim(regexp_replace(strip_accents(lower(event_name)), '[^a-z0-9]+', ' ', 'g')) AS name
    FROM events_
),
lifecycle AS (
    SELECT list_transform([coalesce(getvariable('activation_event'), 'activation'),
                           coalesce(getvariable('value_event'), 'first_value'),
                           coalesce(getvariable('onboarding_event'), 'onboarding_complete')],
                          x -> trim(regexp_replace(strip_accents(lower(x)), '[^a-z0-9]+', ' ', 'g'))) AS names
),
actions AS (
    -- The configured core actions, else every event name (any date) but the lifecycle ones
    -- and the account-lifecycle ones (folded sign-up, login and logout words).
    SELECT CASE WHEN len(coalesce(getvariable('core_actions')::VARCHAR[], [])) > 0
                THEN list_transform(getvariable('core_actions')::VARCHAR[], x -> trim(regexp_replace(strip_accents(lower(x)), '[^a-z0-9]+', ' ', 'g')))
                ELSE (SELECT coalesce(list(DISTINCT name), []) FROM folded, lifecycle
                      WHERE name IS NOT NULL AND name <> '' AND NOT list_contains(lifecycle.names, name)
                        AND name NOT IN ('signup', 'sign up', 'cadastro', 'registro', 'register', 'login',
                                         'log in', 'logout', 'log out', 'entrar', 'sair'))
           END AS names
),
e AS (
    SELECT coalesce(customer_key::VARCHAR, 'v:' || visitor_id) AS who,
           list_contains(actions.names, name) AS core
    FROM folded, actions
    WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end') AND event_name IS NOT NULL
)
SELECT CASE WHEN len((SELECT names FROM actions)) > 0
            THEN count(DISTINCT who) FILTER (WHERE core)::DOUBLE / nullif(count(DISTINCT who), 0)
       END AS value
FROM e
WHERE who IS NOT NULL;
