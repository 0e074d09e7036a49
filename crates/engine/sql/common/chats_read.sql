CREATE OR REPLACE TEMP VIEW chats_read AS
-- The engine reads every chats file with dates, as one.
SELECT * FROM chats WHERE ts IS NOT NULL;
