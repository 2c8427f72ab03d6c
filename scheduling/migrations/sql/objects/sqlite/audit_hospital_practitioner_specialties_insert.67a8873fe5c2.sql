-- object: trigger audit_hospital_practitioner_specialties_insert
-- drop: DROP TRIGGER IF EXISTS audit_hospital_practitioner_specialties_insert;
CREATE TRIGGER audit_hospital_practitioner_specialties_insert AFTER INSERT ON hospital_practitioner_specialties
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'hospital_practitioner_specialties', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'practitioner_id', NEW."practitioner_id", 'specialty_id', NEW."specialty_id"));
END;
