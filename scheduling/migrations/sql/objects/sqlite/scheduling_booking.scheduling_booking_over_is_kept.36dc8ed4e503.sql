-- object: trigger scheduling_booking.scheduling_booking_over_is_kept
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__scheduling_booking_over_is_kept;
CREATE TRIGGER scheduling_booking__scheduling_booking_over_is_kept
BEFORE UPDATE ON scheduling_booking
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.status NOT IN ('booked', 'pending') AND (OLD.slot_id IS NOT NEW.slot_id OR OLD.reason_id IS NOT NEW.reason_id OR OLD.patient_id IS NOT NEW.patient_id))
BEGIN
SELECT RAISE(ABORT, 'institution rule: a booking that is over keeps its slot, reason and patient') WHERE 1;
END;
