-- object: trigger audit_guardian_groupobjectpermission_update
-- drop: DROP TRIGGER IF EXISTS audit_guardian_groupobjectpermission_update;
CREATE TRIGGER audit_guardian_groupobjectpermission_update AFTER UPDATE ON guardian_groupobjectpermission
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'guardian_groupobjectpermission', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'permission_id' AS k, 0 AS m, OLD."permission_id" AS o, NEW."permission_id" AS n UNION ALL SELECT 'content_type_id' AS k, 0 AS m, OLD."content_type_id" AS o, NEW."content_type_id" AS n UNION ALL SELECT 'object_pk' AS k, 0 AS m, OLD."object_pk" AS o, NEW."object_pk" AS n UNION ALL SELECT 'group_id' AS k, 0 AS m, OLD."group_id" AS o, NEW."group_id" AS n) WHERE o IS NOT n));
END;
