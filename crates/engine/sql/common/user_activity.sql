-- @include sessions_
-- @include events_
CREATE OR REPLACE TEMP VIEW user_activity AS
SELECT ts, coalesce(customer_key::VARCHAR, 'v:' || visitor_id) AS who FROM events_
UNION ALL
SELECT ts, coalesce(customer_key::VARCHAR, 'v:' || visitor_id) FROM sessions_;
