-- object: trigger scheduling_patient.platform_canonical_dates_update
-- drop: DROP TRIGGER IF EXISTS scheduling_patient__platform_canonical_dates_update;
CREATE TRIGGER scheduling_patient__platform_canonical_dates_update
BEFORE UPDATE OF "birth_date" ON scheduling_patient
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: scheduling_patient.birth_date must be a date as YYYY-MM-DD') WHERE NEW."birth_date" IS NOT NULL AND NOT (typeof(NEW."birth_date") = 'text' AND NEW."birth_date" IS date(NEW."birth_date"));
END;
