-- @include ltv_factors
-- @include ltv_years
CREATE OR REPLACE TEMP VIEW ltv AS
SELECT average_ticket * purchases_per_year * relationship_years AS ltv_simple,
       average_ticket, purchases_per_year, relationship_years
FROM ltv_factors, ltv_years;
