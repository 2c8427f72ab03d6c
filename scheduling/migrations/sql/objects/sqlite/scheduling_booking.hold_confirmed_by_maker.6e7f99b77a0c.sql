-- object: trigger scheduling_booking.hold_confirmed_by_maker
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__hold_confirmed_by_maker;
CREATE TRIGGER scheduling_booking__hold_confirmed_by_maker
BEFORE UPDATE ON scheduling_booking
FOR EACH ROW WHEN OLD.status = 'pending' AND NEW.status = 'booked' AND (OLD.held_by = '' OR OLD.held_by IS NOT scheduling_acting_for())
BEGIN
    SELECT RAISE(ABORT, 'institution rule: a hold is confirmed only by who made it');
END;
