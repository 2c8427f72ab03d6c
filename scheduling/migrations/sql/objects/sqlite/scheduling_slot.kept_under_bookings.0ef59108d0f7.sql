-- object: trigger scheduling_slot.kept_under_bookings
-- drop: DROP TRIGGER IF EXISTS scheduling_slot__kept_under_bookings;
CREATE TRIGGER scheduling_slot__kept_under_bookings
BEFORE DELETE ON scheduling_slot
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: bookings were made on this slot: it is never deleted') WHERE EXISTS (SELECT 1 FROM scheduling_booking b WHERE b.slot_id = OLD.id);
END;
