-- object: trigger audit_hospital_department_delete
-- drop: DROP TRIGGER IF EXISTS audit_hospital_department_delete;
CREATE TRIGGER audit_hospital_department_delete AFTER DELETE ON hospital_department
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'hospital_department', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'establishment_id', OLD."establishment_id", 'name', OLD."name", 'specialty_id', OLD."specialty_id", 'phone', OLD."phone", 'practical_info', OLD."practical_info", 'practical_info_en', OLD."practical_info_en"));
END;
