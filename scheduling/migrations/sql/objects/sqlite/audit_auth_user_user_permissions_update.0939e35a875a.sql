-- object: trigger audit_auth_user_user_permissions_update
-- drop: DROP TRIGGER IF EXISTS audit_auth_user_user_permissions_update;
CREATE TRIGGER audit_auth_user_user_permissions_update AFTER UPDATE ON auth_user_user_permissions
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('update', 'auth_user_user_permissions', CAST(NEW.id AS TEXT), (SELECT coalesce(json_group_object(k, json_array(CASE WHEN m = 1 AND o IS NOT NULL THEN audit_mask(CAST(o AS TEXT)) ELSE o END, CASE WHEN m = 1 AND n IS NOT NULL THEN audit_mask(CAST(n AS TEXT)) ELSE n END)), '{}') FROM (SELECT 'id' AS k, 0 AS m, OLD."id" AS o, NEW."id" AS n UNION ALL SELECT 'user_id' AS k, 0 AS m, OLD."user_id" AS o, NEW."user_id" AS n UNION ALL SELECT 'permission_id' AS k, 0 AS m, OLD."permission_id" AS o, NEW."permission_id" AS n) WHERE o IS NOT n));
END;
