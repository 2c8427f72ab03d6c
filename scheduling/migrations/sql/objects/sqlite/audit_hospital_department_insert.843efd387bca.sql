-- object: trigger audit_hospital_department_insert
-- drop: DROP TRIGGER IF EXISTS audit_hospital_department_insert;
CREATE TRIGGER audit_hospital_department_insert AFTER INSERT ON hospital_department
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'hospital_department', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'establishment_id', NEW."establishment_id", 'name', NEW."name", 'specialty_id', NEW."specialty_id", 'phone', NEW."phone", 'practical_info', NEW."practical_info", 'practical_info_en', NEW."practical_info_en"));
END;
