-- object: trigger audit_auth_group_permissions_insert
-- drop: DROP TRIGGER IF EXISTS audit_auth_group_permissions_insert;
CREATE TRIGGER audit_auth_group_permissions_insert AFTER INSERT ON auth_group_permissions
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'auth_group_permissions', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'group_id', NEW."group_id", 'permission_id', NEW."permission_id"));
END;
