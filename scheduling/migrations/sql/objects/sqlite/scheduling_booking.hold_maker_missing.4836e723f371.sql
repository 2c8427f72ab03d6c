-- object: trigger scheduling_booking.hold_maker_missing
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__hold_maker_missing;
CREATE TRIGGER scheduling_booking__hold_maker_missing
BEFORE INSERT ON scheduling_booking
FOR EACH ROW WHEN NEW.status = 'pending' AND (NEW.held_by = '' OR NEW.held_by IS NOT scheduling_acting_for())
BEGIN
    SELECT RAISE(ABORT, 'institution rule: a hold records who made it, as its transaction declares');
END;
