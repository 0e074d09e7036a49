CREATE OR REPLACE TEMP VIEW first_sessions_file AS
-- The engine reads the first sessions file with dates.
SELECT * FROM sessions WHERE table_index = (SELECT min(table_index) FROM sessions WHERE ts IS NOT NULL);
