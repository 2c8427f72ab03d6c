-- object: trigger audit_hospital_membership_update
-- drop: DROP TRIGGER IF EXISTS audit_hospital_membership_update;
CREATE TRIGGER audit_hospital_membership_update AFTER UPDATE ON hospital_membership
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'hospital_membership', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'establishment_id' AS k, 0 AS m, OLD."establishment_id" AS o, NEW."establishment_id" AS n UNION ALL SELECT 'starts_on' AS k, 0 AS m, OLD."starts_on" AS o, NEW."starts_on" AS n UNION ALL SELECT 'ends_on' AS k, 0 AS m, OLD."ends_on" AS o, NEW."ends_on" AS n) WHERE o IS NOT n));
END;
