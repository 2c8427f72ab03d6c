-- object: trigger scheduling_booking.scheduling_booking_history_started
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__scheduling_booking_history_started;
CREATE TRIGGER scheduling_booking__scheduling_booking_history_started
BEFORE UPDATE ON scheduling_booking
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (((SELECT start FROM scheduling_slot WHERE id = OLD.slot_id) <= strftime('%Y-%m-%d %H:%M:%f', 'now')) AND (OLD.slot_id IS NOT NEW.slot_id OR OLD.reason_id IS NOT NEW.reason_id OR OLD.patient_id IS NOT NEW.patient_id OR (OLD.status IS NOT NEW.status AND NOT (
            (OLD.status = 'booked' AND NEW.status IN ('honoured', 'missed'))
         OR (OLD.status IN ('honoured', 'missed') AND NEW.status IN ('honoured', 'missed'))
         OR (OLD.status = 'pending' AND NEW.status = 'cancelled')))))
BEGIN
SELECT RAISE(ABORT, 'institution rule: this appointment has started: only its outcome and check-in are recorded now') WHERE 1;
END;
