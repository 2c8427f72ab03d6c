-- object: trigger hospital_affiliation.platform_canonical_dates_insert
-- drop: DROP TRIGGER IF EXISTS hospital_affiliation__platform_canonical_dates_insert;
CREATE TRIGGER hospital_affiliation__platform_canonical_dates_insert
BEFORE INSERT ON hospital_affiliation
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: hospital_affiliation.start_date must be a date as YYYY-MM-DD') WHERE NEW."start_date" IS NOT NULL AND NOT (typeof(NEW."start_date") = 'text' AND NEW."start_date" IS date(NEW."start_date"));
    SELECT RAISE(ABORT, 'institution rule: hospital_affiliation.end_date must be a date as YYYY-MM-DD') WHERE NEW."end_date" IS NOT NULL AND NOT (typeof(NEW."end_date") = 'text' AND NEW."end_date" IS date(NEW."end_date"));
END;
