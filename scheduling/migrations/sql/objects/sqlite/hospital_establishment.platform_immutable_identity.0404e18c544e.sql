-- object: trigger hospital_establishment.platform_immutable_identity
-- drop: DROP TRIGGER IF EXISTS hospital_establishment__platform_immutable_identity;
CREATE TRIGGER hospital_establishment__platform_immutable_identity
BEFORE UPDATE ON hospital_establishment
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (OLD.id IS NOT NEW.id)
BEGIN
SELECT RAISE(ABORT, 'institution rule: the identity of a hospital_establishment row never changes') WHERE 1;
END;
