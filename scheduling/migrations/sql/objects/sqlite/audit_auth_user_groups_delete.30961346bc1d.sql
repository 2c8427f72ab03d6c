-- object: trigger audit_auth_user_groups_delete
-- drop: DROP TRIGGER IF EXISTS audit_auth_user_groups_delete;
CREATE TRIGGER audit_auth_user_groups_delete AFTER DELETE ON auth_user_groups
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'auth_user_groups', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'user_id', OLD."user_id", 'group_id', OLD."group_id"));
END;
