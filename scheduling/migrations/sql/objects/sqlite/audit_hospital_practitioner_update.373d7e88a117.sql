-- object: trigger audit_hospital_practitioner_update
-- drop: DROP TRIGGER IF EXISTS audit_hospital_practitioner_update;
CREATE TRIGGER audit_hospital_practitioner_update AFTER UPDATE ON hospital_practitioner
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'hospital_practitioner', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'first_name' AS k, 0 AS m, OLD."first_name" AS o, NEW."first_name" AS n UNION ALL SELECT 'last_name' AS k, 0 AS m, OLD."last_name" AS o, NEW."last_name" AS n UNION ALL SELECT 'rpps' AS k, 0 AS m, OLD."rpps" AS o, NEW."rpps" AS n UNION ALL SELECT 'user_id' AS k, 0 AS m, OLD."user_id" AS o, NEW."user_id" AS n) WHERE o IS NOT n));
END;
