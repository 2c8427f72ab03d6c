-- object: trigger audit_hospital_affiliation_insert
-- drop: DROP TRIGGER IF EXISTS audit_hospital_affiliation_insert;
CREATE TRIGGER audit_hospital_affiliation_insert AFTER INSERT ON hospital_affiliation
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'hospital_affiliation', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'practitioner_id', NEW."practitioner_id", 'department_id', NEW."department_id", 'start_date', NEW."start_date", 'end_date', NEW."end_date"));
END;
