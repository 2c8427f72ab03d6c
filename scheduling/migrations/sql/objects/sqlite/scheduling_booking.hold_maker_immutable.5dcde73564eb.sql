-- object: trigger scheduling_booking.hold_maker_immutable
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__hold_maker_immutable;
CREATE TRIGGER scheduling_booking__hold_maker_immutable
BEFORE UPDATE ON scheduling_booking
FOR EACH ROW WHEN NEW.held_by IS NOT OLD.held_by
BEGIN
    SELECT RAISE(ABORT, 'institution rule: who made a hold never changes');
END;
