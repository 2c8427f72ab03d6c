-- object: trigger scheduling_booking.scheduling_booking_status_path
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__scheduling_booking_status_path;
CREATE TRIGGER scheduling_booking__scheduling_booking_status_path
BEFORE UPDATE OF status ON scheduling_booking
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.status IS NOT NEW.status AND NOT ((OLD.status = 'pending' AND NEW.status IN ('booked', 'cancelled'))
        OR (OLD.status = 'booked' AND NEW.status IN ('cancelled', 'honoured', 'missed'))
        OR (OLD.status IN ('honoured', 'missed') AND NEW.status IN ('honoured', 'missed'))))
BEGIN
SELECT RAISE(ABORT, 'institution rule: this change of status is not allowed') WHERE 1;
END;
