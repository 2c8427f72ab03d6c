-- object: trigger scheduling_booking.scheduling_booking_revision
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__scheduling_booking_revision;
CREATE TRIGGER scheduling_booking__scheduling_booking_revision
BEFORE UPDATE OF sequence, slot_id ON scheduling_booking
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (NEW.sequence < OLD.sequence OR (OLD.slot_id IS NOT NEW.slot_id AND NEW.sequence <= OLD.sequence))
BEGIN
SELECT RAISE(ABORT, 'institution rule: the revision of a booking goes up when it moves, and never back') WHERE 1;
END;
