-- object: trigger scheduling_waitlistentry.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS scheduling_waitlistentry__platform_immutable_identity;
CREATE TRIGGER scheduling_waitlistentry__platform_immutable_identity
BEFORE UPDATE ON scheduling_waitlistentry
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id OR OLD.public_id IS NOT NEW.public_id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a scheduling_waitlistentry row never changes') WHERE 1;
END;
