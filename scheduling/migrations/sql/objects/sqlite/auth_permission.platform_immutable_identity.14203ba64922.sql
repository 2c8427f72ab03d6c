-- object: trigger auth_permission.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS auth_permission__platform_immutable_identity;
CREATE TRIGGER auth_permission__platform_immutable_identity
BEFORE UPDATE ON auth_permission
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a auth_permission row never changes') WHERE 1;
END;
