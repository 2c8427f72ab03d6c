-- object: trigger scheduling_slot.scheduling_slot_history_delete
-- drop: DROP TRIGGER IF EXISTS scheduling_slot__scheduling_slot_history_delete;
CREATE TRIGGER scheduling_slot__scheduling_slot_history_delete
BEFORE DELETE ON scheduling_slot
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.start <= strftime('%Y-%m-%d %H:%M:%f', 'now'))
BEGIN
SELECT RAISE(ABORT, 'institution rule: this slot has started: it is never deleted') WHERE 1;
END;
