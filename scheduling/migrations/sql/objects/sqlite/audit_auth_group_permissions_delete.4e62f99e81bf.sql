-- object: trigger audit_auth_group_permissions_delete
-- drop: DROP TRIGGER IF EXISTS audit_auth_group_permissions_delete;
CREATE TRIGGER audit_auth_group_permissions_delete AFTER DELETE ON auth_group_permissions
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'auth_group_permissions', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'group_id', OLD."group_id", 'permission_id', OLD."permission_id"));
END;
