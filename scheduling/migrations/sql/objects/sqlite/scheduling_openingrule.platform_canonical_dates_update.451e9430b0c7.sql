-- object: trigger scheduling_openingrule.platform_canonical_dates_update
-- drop: DROP TRIGGER IF EXISTS scheduling_openingrule__platform_canonical_dates_update;
CREATE TRIGGER scheduling_openingrule__platform_canonical_dates_update
BEFORE UPDATE OF "valid_from", "valid_until" ON scheduling_openingrule
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: scheduling_openingrule.valid_from must be a date as YYYY-MM-DD') WHERE NEW."valid_from" IS NOT NULL AND NOT (typeof(NEW."valid_from") = 'text' AND NEW."valid_from" IS date(NEW."valid_from"));
    SELECT RAISE(ABORT, 'institution rule: scheduling_openingrule.valid_until must be a date as YYYY-MM-DD') WHERE NEW."valid_until" IS NOT NULL AND NOT (typeof(NEW."valid_until") = 'text' AND NEW."valid_until" IS date(NEW."valid_until"));
END;
