-- object: trigger hospital_membership.hospital_membership_refresh_flag_update_old
-- drop: DROP TRIGGER IF EXISTS hospital_membership__hospital_membership_refresh_flag_update_old;
CREATE TRIGGER hospital_membership__hospital_membership_refresh_flag_update_old
AFTER UPDATE ON hospital_membership
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
UPDATE hospital_establishment SET is_member = (EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = hospital_establishment.id AND m.ends_on IS NULL)) WHERE id = OLD.establishment_id AND is_member IS NOT (EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = hospital_establishment.id AND m.ends_on IS NULL));
END;
