-- object: trigger hospital_membership.platform_canonical_dates_update
-- drop: DROP TRIGGER IF EXISTS hospital_membership__platform_canonical_dates_update;
CREATE TRIGGER hospital_membership__platform_canonical_dates_update
BEFORE UPDATE OF "starts_on", "ends_on" ON hospital_membership
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: hospital_membership.starts_on must be a date as YYYY-MM-DD') WHERE NEW."starts_on" IS NOT NULL AND NOT (typeof(NEW."starts_on") = 'text' AND NEW."starts_on" IS date(NEW."starts_on"));
    SELECT RAISE(ABORT, 'institution rule: hospital_membership.ends_on must be a date as YYYY-MM-DD') WHERE NEW."ends_on" IS NOT NULL AND NOT (typeof(NEW."ends_on") = 'text' AND NEW."ends_on" IS date(NEW."ends_on"));
END;
