-- object: trigger scheduling_openingrule.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS scheduling_openingrule__platform_immutable_identity;
CREATE TRIGGER scheduling_openingrule__platform_immutable_identity
BEFORE UPDATE ON scheduling_openingrule
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a scheduling_openingrule row never changes') WHERE 1;
END;
