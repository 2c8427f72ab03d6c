-- object: trigger audit_hospital_department_update
-- drop: DROP TRIGGER IF EXISTS audit_hospital_department_update;
CREATE TRIGGER audit_hospital_department_update AFTER UPDATE ON hospital_department
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'hospital_department', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'establishment_id' AS k, 0 AS m, OLD."establishment_id" AS o, NEW."establishment_id" AS n UNION ALL SELECT 'name' AS k, 0 AS m, OLD."name" AS o, NEW."name" AS n UNION ALL SELECT 'specialty_id' AS k, 0 AS m, OLD."specialty_id" AS o, NEW."specialty_id" AS n UNION ALL SELECT 'phone' AS k, 0 AS m, OLD."phone" AS o, NEW."phone" AS n UNION ALL SELECT 'practical_info' AS k, 0 AS m, OLD."practical_info" AS o, NEW."practical_info" AS n UNION ALL SELECT 'practical_info_en' AS k, 0 AS m, OLD."practical_info_en" AS o, NEW."practical_info_en" AS n) WHERE o IS NOT n));
END;
