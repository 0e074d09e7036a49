-- journey.customers (details): each customer's profile figures over all the data: completed
-- orders, their revenue in the orders' main currency (the one most rows with an amount are
-- in), tickets, first seen (the earliest dated row of a journey file), first and last
-- completed order (seconds since 1970, wall clock). Rows: keys '<customer key>|<field>'.
-- @include journey_rows
WITH main AS (
    SELECT currency FROM orders WHERE amount IS NOT NULL
    GROUP BY currency ORDER BY count(*) DESC, currency ASC NULLS FIRST LIMIT 1
),
everyone AS (
    SELECT DISTINCT customer_key FROM (
        SELECT customer_key FROM journey_rows
        UNION ALL SELECT customer_key FROM marketing_spend
        UNION ALL SELECT customer_key FROM employee_survey
        UNION ALL SELECT customer_key FROM agent_shifts
    ) WHERE customer_key IS NOT NULL
),
done AS (
    SELECT customer_key, count(*) AS orders,
           coalesce(sum(amount) FILTER (WHERE currency IS NOT DISTINCT FROM (SELECT currency FROM main)), 0) AS revenue,
           min(ts) AS first_order, max(ts) AS last_order
    FROM orders
    WHERE status_class = 'completed' AND customer_key IS NOT NULL AND ts IS NOT NULL
    GROUP BY customer_key
),
tix AS (SELECT customer_key, count(*) AS n FROM tickets GROUP BY customer_key),
seen AS (
    SELECT customer_key, min(ts) AS first_at FROM journey_rows
    WHERE ts IS NOT NULL GROUP BY customer_key
),
p AS (
    SELECT e.customer_key::VARCHAR AS k, coalesce(d.orders, 0) AS orders,
           coalesce(d.revenue, 0) AS revenue, coalesce(t.n, 0) AS tickets,
           epoch(s.first_at) AS first_seen, epoch(d.first_order) AS first_order,
           epoch(d.last_order) AS last_order
    FROM everyone e
    LEFT JOIN done d ON d.customer_key = e.customer_key
    LEFT JOIN tix t ON t.customer_key = e.customer_key
    LEFT JOIN seen s ON s.customer_key = e.customer_key
)
SELECT k || '|orders' AS key, orders::DOUBLE AS value FROM p
UNION ALL SELECT k || '|revenue', revenue::DOUBLE FROM p
UNION ALL SELECT k || '|tickets', tickets::DOUBLE FROM p
UNION ALL SELECT k || '|first_seen', first_seen::DOUBLE FROM p
UNION ALL SELECT k || '|first_order', first_order::DOUBLE FROM p
UNION ALL SELECT k || '|last_order', last_order::DOUBLE FROM p;
