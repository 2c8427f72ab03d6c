-- object: trigger scheduling_slot.reservation_loosened
-- drop: DROP TRIGGER IF EXISTS scheduling_slot__reservation_loosened;
CREATE TRIGGER scheduling_slot__reservation_loosened
BEFORE UPDATE OF reserved_for, opens_to_all_at ON scheduling_slot
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.reserved_for <> '' AND strftime('%Y-%m-%d %H:%M:%f', 'now') < OLD.opens_to_all_at AND (NEW.reserved_for IS NOT OLD.reserved_for OR NEW.opens_to_all_at IS NULL OR NEW.opens_to_all_at < OLD.opens_to_all_at))
BEGIN
    SELECT RAISE(ABORT, 'institution rule: a reservation is never loosened before its release');
END;
