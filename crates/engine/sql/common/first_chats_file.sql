CREATE OR REPLACE TEMP VIEW first_chats_file AS
-- The engine reads the first chats file with dates.
SELECT * FROM chats WHERE table_index = (SELECT min(table_index) FROM chats WHERE ts IS NOT NULL);
