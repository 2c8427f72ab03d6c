-- object: trigger hospital_practitioner.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS hospital_practitioner__platform_immutable_identity;
CREATE TRIGGER hospital_practitioner__platform_immutable_identity
BEFORE UPDATE ON hospital_practitioner
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a hospital_practitioner row never changes') WHERE 1;
END;
