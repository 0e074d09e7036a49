CREATE OR REPLACE TEMP VIEW leads_read AS
-- The engine reads every leads file with dates, as one.
SELECT * FROM leads WHERE ts IS NOT NULL;
