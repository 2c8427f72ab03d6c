-- object: trigger audit_guardian_userobjectpermission_delete
-- drop: DROP TRIGGER IF EXISTS audit_guardian_userobjectpermission_delete;
CREATE TRIGGER audit_guardian_userobjectpermission_delete AFTER DELETE ON guardian_userobjectpermission
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'guardian_userobjectpermission', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'permission_id', OLD."permission_id", 'content_type_id', OLD."content_type_id", 'object_pk', OLD."object_pk", 'user_id', OLD."user_id"));
END;
