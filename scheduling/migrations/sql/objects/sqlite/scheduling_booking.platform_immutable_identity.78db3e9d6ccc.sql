-- object: trigger scheduling_booking.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS scheduling_booking__platform_immutable_identity;
CREATE TRIGGER scheduling_booking__platform_immutable_identity
BEFORE UPDATE ON scheduling_booking
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id OR OLD.public_id IS NOT NEW.public_id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a scheduling_booking row never changes') WHERE 1;
END;
