-- object: trigger scheduling_callcentre_specialties.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS scheduling_callcentre_specialties__platform_immutable_identity;
CREATE TRIGGER scheduling_callcentre_specialties__platform_immutable_identity
BEFORE UPDATE ON scheduling_callcentre_specialties
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a scheduling_callcentre_specialties row never changes') WHERE 1;
END;
