-- object: trigger audit_guardian_userobjectpermission_insert
-- drop: DROP TRIGGER IF EXISTS audit_guardian_userobjectpermission_insert;
CREATE TRIGGER audit_guardian_userobjectpermission_insert AFTER INSERT ON guardian_userobjectpermission
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'guardian_userobjectpermission', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'permission_id', NEW."permission_id", 'content_type_id', NEW."content_type_id", 'object_pk', NEW."object_pk", 'user_id', NEW."user_id"));
END;
