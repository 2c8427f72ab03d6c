-- object: trigger hospital_establishment.hospital_establishment_member_flag_insert
-- drop: DROP TRIGGER IF EXISTS hospital_establishment__hospital_establishment_member_flag_insert;
CREATE TRIGGER hospital_establishment__hospital_establishment_member_flag_insert
BEFORE INSERT ON hospital_establishment
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance) AND (NEW.is_member IS NOT (EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = NEW.id AND m.ends_on IS NULL)))
BEGIN
SELECT RAISE(ABORT, 'institution rule: is_member follows the membership periods; change the periods') WHERE 1;
END;
