-- object: trigger scheduling_booking.scheduling_booking_cancellation_is_kept
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__scheduling_booking_cancellation_is_kept;
CREATE TRIGGER scheduling_booking__scheduling_booking_cancellation_is_kept
BEFORE UPDATE ON scheduling_booking
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.status = 'cancelled' AND (OLD.cancelled_at IS NOT NEW.cancelled_at OR OLD.cancelled_by_id IS NOT NEW.cancelled_by_id OR OLD.cancel_reason IS NOT NEW.cancel_reason))
BEGIN
SELECT RAISE(ABORT, 'institution rule: a cancelled booking keeps who cancelled it, when and why') WHERE 1;
END;
