-- object: trigger scheduling_slot.scheduling_slot_history_insert
-- drop: DROP TRIGGER IF EXISTS scheduling_slot__scheduling_slot_history_insert;
CREATE TRIGGER scheduling_slot__scheduling_slot_history_insert
BEFORE INSERT ON scheduling_slot
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (NEW.start <= strftime('%Y-%m-%d %H:%M:%f', 'now'))
BEGIN
SELECT RAISE(ABORT, 'institution rule: no slot is opened in the past') WHERE 1;
END;
