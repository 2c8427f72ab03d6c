-- object: trigger audit_hospital_affiliation_delete
-- drop: DROP TRIGGER IF EXISTS audit_hospital_affiliation_delete;
CREATE TRIGGER audit_hospital_affiliation_delete AFTER DELETE ON hospital_affiliation
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'hospital_affiliation', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'practitioner_id', OLD."practitioner_id", 'department_id', OLD."department_id", 'start_date', OLD."start_date", 'end_date', OLD."end_date"));
END;
