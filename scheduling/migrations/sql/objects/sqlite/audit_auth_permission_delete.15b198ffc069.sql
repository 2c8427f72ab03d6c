-- object: trigger audit_auth_permission_delete
-- drop: DROP TRIGGER IF EXISTS audit_auth_permission_delete;
CREATE TRIGGER audit_auth_permission_delete AFTER DELETE ON auth_permission
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'auth_permission', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'name', OLD."name", 'content_type_id', OLD."content_type_id", 'codename', OLD."codename"));
END;
