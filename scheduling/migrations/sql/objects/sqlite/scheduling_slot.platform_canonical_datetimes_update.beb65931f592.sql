-- object: trigger scheduling_slot.platform_canonical_datetimes_update
-- drop: DROP TRIGGER IF EXISTS scheduling_slot__platform_canonical_datetimes_update;
CREATE TRIGGER scheduling_slot__platform_canonical_datetimes_update
BEFORE UPDATE OF "start", "end", "opens_to_all_at" ON scheduling_slot
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: scheduling_slot.start must be a UTC datetime as YYYY-MM-DD HH:MM:SS[.ffffff]') WHERE NEW."start" IS NOT NULL AND NOT (typeof(NEW."start") = 'text' AND substr(NEW."start", 1, 19) IS strftime('%Y-%m-%d %H:%M:%S', NEW."start") AND (length(NEW."start") = 19 OR (length(NEW."start") = 26 AND substr(NEW."start", 20, 1) = '.' AND substr(NEW."start", 21) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]')));
    SELECT RAISE(ABORT, 'institution rule: scheduling_slot.end must be a UTC datetime as YYYY-MM-DD HH:MM:SS[.ffffff]') WHERE NEW."end" IS NOT NULL AND NOT (typeof(NEW."end") = 'text' AND substr(NEW."end", 1, 19) IS strftime('%Y-%m-%d %H:%M:%S', NEW."end") AND (length(NEW."end") = 19 OR (length(NEW."end") = 26 AND substr(NEW."end", 20, 1) = '.' AND substr(NEW."end", 21) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]')));
    SELECT RAISE(ABORT, 'institution rule: scheduling_slot.opens_to_all_at must be a UTC datetime as YYYY-MM-DD HH:MM:SS[.ffffff]') WHERE NEW."opens_to_all_at" IS NOT NULL AND NOT (typeof(NEW."opens_to_all_at") = 'text' AND substr(NEW."opens_to_all_at", 1, 19) IS strftime('%Y-%m-%d %H:%M:%S', NEW."opens_to_all_at") AND (length(NEW."opens_to_all_at") = 19 OR (length(NEW."opens_to_all_at") = 26 AND substr(NEW."opens_to_all_at", 20, 1) = '.' AND substr(NEW."opens_to_all_at", 21) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]')));
END;
