-- object: trigger scheduling_slot.scheduling_slot_booked_guard
-- drop: DROP TRIGGER IF EXISTS scheduling_slot__scheduling_slot_booked_guard;
CREATE TRIGGER scheduling_slot__scheduling_slot_booked_guard
AFTER UPDATE OF agenda_id, start, "end" ON scheduling_slot
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.agenda_id IS NOT NEW.agenda_id OR OLD.start IS NOT NEW.start OR OLD."end" IS NOT NEW."end")
BEGIN
SELECT RAISE(ABORT, 'institution rule: this slot is booked; move the booking, not the slot') WHERE EXISTS (SELECT 1 FROM scheduling_booking WHERE slot_id = OLD.id AND status <> 'cancelled');
END;
