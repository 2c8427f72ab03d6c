-- object: trigger hospital_membership.hospital_membership_no_overlap_update
-- drop: DROP TRIGGER IF EXISTS hospital_membership__hospital_membership_no_overlap_update;
CREATE TRIGGER hospital_membership__hospital_membership_no_overlap_update
BEFORE UPDATE ON hospital_membership
FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM platform_maintenance)
BEGIN
SELECT RAISE(ABORT, 'institution rule: membership periods of one establishment never overlap') WHERE EXISTS (
        SELECT 1 FROM hospital_membership o
         WHERE o.establishment_id = NEW.establishment_id AND o.id IS NOT NEW.id
           AND (NEW.ends_on IS NULL OR o.starts_on <= NEW.ends_on)
           AND (o.ends_on IS NULL OR o.ends_on >= NEW.starts_on));
END;
