-- object: trigger scheduling_booking.scheduling_booking_history_author
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__scheduling_booking_history_author;
CREATE TRIGGER scheduling_booking__scheduling_booking_history_author
BEFORE UPDATE ON scheduling_booking
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.channel IS NOT NEW.channel OR OLD.created_by_id IS NOT NEW.created_by_id OR OLD.created_at IS NOT NEW.created_at)
BEGIN
SELECT RAISE(ABORT, 'institution rule: a booking keeps its channel, its author and its creation time') WHERE 1;
END;
