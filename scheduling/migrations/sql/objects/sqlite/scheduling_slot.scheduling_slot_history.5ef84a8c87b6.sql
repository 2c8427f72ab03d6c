-- object: trigger scheduling_slot.scheduling_slot_history
-- drop: DROP TRIGGER IF EXISTS scheduling_slot__scheduling_slot_history;
CREATE TRIGGER scheduling_slot__scheduling_slot_history
BEFORE UPDATE OF agenda_id, start, "end" ON scheduling_slot
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND ((OLD.agenda_id IS NOT NEW.agenda_id OR OLD.start IS NOT NEW.start OR OLD."end" IS NOT NEW."end") AND (OLD.start <= strftime('%Y-%m-%d %H:%M:%f', 'now') OR NEW.start <= strftime('%Y-%m-%d %H:%M:%f', 'now')))
BEGIN
SELECT RAISE(ABORT, 'institution rule: a slot that has started keeps its agenda and times, and none moves into the past') WHERE 1;
END;
