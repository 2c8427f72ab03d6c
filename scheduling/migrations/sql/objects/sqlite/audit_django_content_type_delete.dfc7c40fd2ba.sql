-- object: trigger audit_django_content_type_delete
-- drop: DROP TRIGGER IF EXISTS audit_django_content_type_delete;
CREATE TRIGGER audit_django_content_type_delete AFTER DELETE ON django_content_type
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'django_content_type', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'app_label', OLD."app_label", 'model', OLD."model"));
END;
