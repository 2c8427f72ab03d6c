-- object: trigger scheduling_slot.reservation_booked
-- drop: DROP TRIGGER IF EXISTS scheduling_slot__reservation_booked;
CREATE TRIGGER scheduling_slot__reservation_booked
BEFORE UPDATE OF reserved_for, opens_to_all_at ON scheduling_slot
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND ((NEW.reserved_for IS NOT OLD.reserved_for OR NEW.opens_to_all_at IS NOT OLD.opens_to_all_at) AND EXISTS (SELECT 1 FROM scheduling_booking WHERE slot_id = OLD.id AND status <> 'cancelled'))
BEGIN
    SELECT RAISE(ABORT, 'institution rule: a booked slot keeps its reservation');
END;
