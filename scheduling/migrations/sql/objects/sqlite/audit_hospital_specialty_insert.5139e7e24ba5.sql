-- object: trigger audit_hospital_specialty_insert
-- drop: DROP TRIGGER IF EXISTS audit_hospital_specialty_insert;
CREATE TRIGGER audit_hospital_specialty_insert AFTER INSERT ON hospital_specialty
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'hospital_specialty', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'code', NEW."code", 'name', NEW."name", 'name_en', NEW."name_en"));
END;
