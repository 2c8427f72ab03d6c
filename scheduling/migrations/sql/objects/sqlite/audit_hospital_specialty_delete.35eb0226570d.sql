-- object: trigger audit_hospital_specialty_delete
-- drop: DROP TRIGGER IF EXISTS audit_hospital_specialty_delete;
CREATE TRIGGER audit_hospital_specialty_delete AFTER DELETE ON hospital_specialty
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'hospital_specialty', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'code', OLD."code", 'name', OLD."name", 'name_en', OLD."name_en"));
END;
