-- object: trigger auth_group.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS auth_group__platform_immutable_identity;
CREATE TRIGGER auth_group__platform_immutable_identity
BEFORE UPDATE ON auth_group
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a auth_group row never changes') WHERE 1;
END;
