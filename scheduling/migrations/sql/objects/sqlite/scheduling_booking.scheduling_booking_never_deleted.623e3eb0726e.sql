-- object: trigger scheduling_booking.scheduling_booking_never_deleted
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__scheduling_booking_never_deleted;
CREATE TRIGGER scheduling_booking__scheduling_booking_never_deleted
BEFORE DELETE ON scheduling_booking
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: bookings are never deleted; cancel them, with a reason') WHERE 1;
END;
