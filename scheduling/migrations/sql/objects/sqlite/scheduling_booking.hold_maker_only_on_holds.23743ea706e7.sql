-- object: trigger scheduling_booking.hold_maker_only_on_holds
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__hold_maker_only_on_holds;
CREATE TRIGGER scheduling_booking__hold_maker_only_on_holds
BEFORE INSERT ON scheduling_booking
FOR EACH ROW WHEN NEW.status <> 'pending' AND NEW.held_by <> ''
BEGIN
    SELECT RAISE(ABORT, 'institution rule: only a hold records who made it');
END;
