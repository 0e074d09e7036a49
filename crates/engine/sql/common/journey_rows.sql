-- Every row of the files with a journey stage, with its customer, date and stage rank
-- (0 attraction: leads, sessions, chats, social; 1 sales: orders, subscriptions; 2 service:
-- tickets, article views; 3 loyalty: survey answers, reviews, events).
CREATE OR REPLACE TEMP VIEW journey_rows AS
SELECT customer_key, ts, table_index, "row", 0 AS stage FROM leads
UNION ALL SELECT customer_key, ts, table_index, "row", 0 FROM sessions
UNION ALL SELECT customer_key, ts, table_index, "row", 0 FROM chats
UNION ALL SELECT customer_key, ts, table_index, "row", 0 FROM social_interactions
UNION ALL SELECT customer_key, ts, table_index, "row", 1 FROM orders
UNION ALL SELECT customer_key, ts, table_index, "row", 1 FROM subscriptions
UNION ALL SELECT customer_key, ts, table_index, "row", 2 FROM tickets
UNION ALL SELECT customer_key, ts, table_index, "row", 2 FROM article_views
UNION ALL SELECT customer_key, ts, table_index, "row", 3 FROM survey_responses
UNION ALL SELECT customer_key, ts, table_index, "row", 3 FROM reviews
UNION ALL SELECT customer_key, ts, table_index, "row", 3 FROM events;
