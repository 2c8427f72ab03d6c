-- object: trigger scheduling_slot.scheduling_slot_history_state
-- drop: DROP TRIGGER IF EXISTS scheduling_slot__scheduling_slot_history_state;
CREATE TRIGGER scheduling_slot__scheduling_slot_history_state
BEFORE UPDATE OF status, reserved_for, opens_to_all_at ON scheduling_slot
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND ((OLD.status IS NOT NEW.status OR OLD.reserved_for IS NOT NEW.reserved_for OR OLD.opens_to_all_at IS NOT NEW.opens_to_all_at) AND OLD.start <= strftime('%Y-%m-%d %H:%M:%f', 'now'))
BEGIN
SELECT RAISE(ABORT, 'institution rule: this slot has started: its agenda, times, status and reservation never change') WHERE 1;
END;
