-- object: trigger audit_auth_permission_insert
-- drop: DROP TRIGGER IF EXISTS audit_auth_permission_insert;
CREATE TRIGGER audit_auth_permission_insert AFTER INSERT ON auth_permission
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'auth_permission', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'name', NEW."name", 'content_type_id', NEW."content_type_id", 'codename', NEW."codename"));
END;
