-- object: trigger audit_django_content_type_insert
-- drop: DROP TRIGGER IF EXISTS audit_django_content_type_insert;
CREATE TRIGGER audit_django_content_type_insert AFTER INSERT ON django_content_type
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'django_content_type', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'app_label', NEW."app_label", 'model', NEW."model"));
END;
