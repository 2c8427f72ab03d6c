-- object: trigger audit_hospital_specialty_update
-- drop: DROP TRIGGER IF EXISTS audit_hospital_specialty_update;
CREATE TRIGGER audit_hospital_specialty_update AFTER UPDATE ON hospital_specialty
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'hospital_specialty', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'code' AS k, 0 AS m, OLD."code" AS o, NEW."code" AS n UNION ALL SELECT 'name' AS k, 0 AS m, OLD."name" AS o, NEW."name" AS n UNION ALL SELECT 'name_en' AS k, 0 AS m, OLD."name_en" AS o, NEW."name_en" AS n) WHERE o IS NOT n));
END;
