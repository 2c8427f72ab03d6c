-- object: trigger audit_auth_user_user_permissions_insert
-- drop: DROP TRIGGER IF EXISTS audit_auth_user_user_permissions_insert;
CREATE TRIGGER audit_auth_user_user_permissions_insert AFTER INSERT ON auth_user_user_permissions
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'auth_user_user_permissions', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'user_id', NEW."user_id", 'permission_id', NEW."permission_id"));
END;
