CREATE OR REPLACE TEMP VIEW sessions_read AS
-- The engine reads every sessions file with dates, as one.
SELECT * FROM sessions WHERE ts IS NOT NULL;
