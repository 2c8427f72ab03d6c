-- object: trigger hospital_specialty.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS hospital_specialty__platform_immutable_identity;
CREATE TRIGGER hospital_specialty__platform_immutable_identity
BEFORE UPDATE ON hospital_specialty
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a hospital_specialty row never changes') WHERE 1;
END;
