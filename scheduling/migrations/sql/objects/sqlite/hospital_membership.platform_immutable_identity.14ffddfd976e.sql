-- object: trigger hospital_membership.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS hospital_membership__platform_immutable_identity;
CREATE TRIGGER hospital_membership__platform_immutable_identity
BEFORE UPDATE ON hospital_membership
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id OR OLD.establishment_id IS NOT NEW.establishment_id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a hospital_membership row never changes') WHERE 1;
END;
