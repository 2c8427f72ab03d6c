-- object: trigger audit_hospital_practitioner_delete
-- drop: DROP TRIGGER IF EXISTS audit_hospital_practitioner_delete;
CREATE TRIGGER audit_hospital_practitioner_delete AFTER DELETE ON hospital_practitioner
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'hospital_practitioner', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'first_name', OLD."first_name", 'last_name', OLD."last_name", 'rpps', OLD."rpps", 'user_id', OLD."user_id"));
END;
