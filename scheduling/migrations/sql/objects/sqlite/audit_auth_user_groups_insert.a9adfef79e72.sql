-- object: trigger audit_auth_user_groups_insert
-- drop: DROP TRIGGER IF EXISTS audit_auth_user_groups_insert;
CREATE TRIGGER audit_auth_user_groups_insert AFTER INSERT ON auth_user_groups
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'auth_user_groups', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'user_id', NEW."user_id", 'group_id', NEW."group_id"));
END;
