-- object: trigger scheduling_callcentreagent.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS scheduling_callcentreagent__platform_immutable_identity;
CREATE TRIGGER scheduling_callcentreagent__platform_immutable_identity
BEFORE UPDATE ON scheduling_callcentreagent
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id OR OLD.user_id IS NOT NEW.user_id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a scheduling_callcentreagent row never changes') WHERE 1;
END;
