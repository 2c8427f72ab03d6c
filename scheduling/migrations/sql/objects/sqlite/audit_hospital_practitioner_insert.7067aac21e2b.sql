-- object: trigger audit_hospital_practitioner_insert
-- drop: DROP TRIGGER IF EXISTS audit_hospital_practitioner_insert;
CREATE TRIGGER audit_hospital_practitioner_insert AFTER INSERT ON hospital_practitioner
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'hospital_practitioner', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'first_name', NEW."first_name", 'last_name', NEW."last_name", 'rpps', NEW."rpps", 'user_id', NEW."user_id"));
END;
