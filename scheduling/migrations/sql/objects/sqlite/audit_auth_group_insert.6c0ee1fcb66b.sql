-- object: trigger audit_auth_group_insert
-- drop: DROP TRIGGER IF EXISTS audit_auth_group_insert;
CREATE TRIGGER audit_auth_group_insert AFTER INSERT ON auth_group
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'auth_group', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'name', NEW."name"));
END;
