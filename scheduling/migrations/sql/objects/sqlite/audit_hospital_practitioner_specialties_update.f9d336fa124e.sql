-- object: trigger audit_hospital_practitioner_specialties_update
-- drop: DROP TRIGGER IF EXISTS audit_hospital_practitioner_specialties_update;
CREATE TRIGGER audit_hospital_practitioner_specialties_update AFTER UPDATE ON hospital_practitioner_specialties
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'hospital_practitioner_specialties', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'practitioner_id' AS k, 0 AS m, OLD."practitioner_id" AS o, NEW."practitioner_id" AS n UNION ALL SELECT 'specialty_id' AS k, 0 AS m, OLD."specialty_id" AS o, NEW."specialty_id" AS n) WHERE o IS NOT n));
END;
