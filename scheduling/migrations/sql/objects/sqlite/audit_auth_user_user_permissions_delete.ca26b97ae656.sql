-- object: trigger audit_auth_user_user_permissions_delete
-- drop: DROP TRIGGER IF EXISTS audit_auth_user_user_permissions_delete;
CREATE TRIGGER audit_auth_user_user_permissions_delete AFTER DELETE ON auth_user_user_permissions
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'auth_user_user_permissions', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'user_id', OLD."user_id", 'permission_id', OLD."permission_id"));
END;
