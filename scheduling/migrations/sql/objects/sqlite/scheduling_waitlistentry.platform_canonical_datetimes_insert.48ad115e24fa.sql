-- object: trigger scheduling_waitlistentry.platform_canonical_datetimes_insert
-- drop: DROP TRIGGER IF EXISTS scheduling_waitlistentry__platform_canonical_datetimes_insert;
CREATE TRIGGER scheduling_waitlistentry__platform_canonical_datetimes_insert
BEFORE INSERT ON scheduling_waitlistentry
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: scheduling_waitlistentry.created_at must be a UTC datetime as YYYY-MM-DD HH:MM:SS[.ffffff]') WHERE NEW."created_at" IS NOT NULL AND NOT (typeof(NEW."created_at") = 'text' AND substr(NEW."created_at", 1, 19) IS strftime('%Y-%m-%d %H:%M:%S', NEW."created_at") AND (length(NEW."created_at") = 19 OR (length(NEW."created_at") = 26 AND substr(NEW."created_at", 20, 1) = '.' AND substr(NEW."created_at", 21) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]')));
END;
