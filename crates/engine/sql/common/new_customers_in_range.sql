-- @include signups
CREATE OR REPLACE TEMP VIEW new_customers_in_range AS
SELECT * FROM signups WHERE ts >= getvariable('range_start') AND ts < getvariable('range_end');
