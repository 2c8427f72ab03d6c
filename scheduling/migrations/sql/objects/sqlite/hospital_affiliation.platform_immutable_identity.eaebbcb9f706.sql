-- object: trigger hospital_affiliation.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS hospital_affiliation__platform_immutable_identity;
CREATE TRIGGER hospital_affiliation__platform_immutable_identity
BEFORE UPDATE ON hospital_affiliation
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a hospital_affiliation row never changes') WHERE 1;
END;
