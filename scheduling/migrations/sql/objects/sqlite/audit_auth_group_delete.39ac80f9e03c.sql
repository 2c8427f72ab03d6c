-- object: trigger audit_auth_group_delete
-- drop: DROP TRIGGER IF EXISTS audit_auth_group_delete;
CREATE TRIGGER audit_auth_group_delete AFTER DELETE ON auth_group
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'auth_group', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'name', OLD."name"));
END;
