CREATE OR REPLACE TEMP VIEW first_leads_file AS
-- The engine reads the first leads file with dates.
SELECT * FROM leads WHERE table_index = (SELECT min(table_index) FROM leads WHERE ts IS NOT NULL);
