-- object: trigger scheduling_booking.scheduling_booking_history_check_in
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__scheduling_booking_history_check_in;
CREATE TRIGGER scheduling_booking__scheduling_booking_history_check_in
BEFORE UPDATE ON scheduling_booking
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.checked_in_at IS NOT NULL AND OLD.checked_in_at IS NOT NEW.checked_in_at)
BEGIN
SELECT RAISE(ABORT, 'institution rule: a check-in, once recorded, never changes') WHERE 1;
END;
