-- @include ltv_annual_churn
CREATE OR REPLACE TEMP VIEW ltv_years AS
SELECT coalesce(getvariable('ltv_relationship_years')::DOUBLE,
                CASE WHEN annual_churn > 0 THEN least(1 / annual_churn, 10)
                     WHEN annual_churn = 0 THEN 10 END) AS relationship_years
FROM ltv_annual_churn;
