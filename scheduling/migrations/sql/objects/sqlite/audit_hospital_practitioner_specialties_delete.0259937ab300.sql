-- object: trigger audit_hospital_practitioner_specialties_delete
-- drop: DROP TRIGGER IF EXISTS audit_hospital_practitioner_specialties_delete;
CREATE TRIGGER audit_hospital_practitioner_specialties_delete AFTER DELETE ON hospital_practitioner_specialties
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'hospital_practitioner_specialties', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'practitioner_id', OLD."practitioner_id", 'specialty_id', OLD."specialty_id"));
END;
