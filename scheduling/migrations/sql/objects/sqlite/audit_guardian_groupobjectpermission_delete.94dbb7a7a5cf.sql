-- object: trigger audit_guardian_groupobjectpermission_delete
-- drop: DROP TRIGGER IF EXISTS audit_guardian_groupobjectpermission_delete;
CREATE TRIGGER audit_guardian_groupobjectpermission_delete AFTER DELETE ON guardian_groupobjectpermission
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'guardian_groupobjectpermission', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'permission_id', OLD."permission_id", 'content_type_id', OLD."content_type_id", 'object_pk', OLD."object_pk", 'group_id', OLD."group_id"));
END;
