-- object: trigger audit_hospital_establishment_delete
-- drop: DROP TRIGGER IF EXISTS audit_hospital_establishment_delete;
CREATE TRIGGER audit_hospital_establishment_delete AFTER DELETE ON hospital_establishment
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'hospital_establishment', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'name', OLD."name", 'finess', OLD."finess", 'address', OLD."address", 'postal_code', OLD."postal_code", 'city', OLD."city", 'is_member', OLD."is_member", 'phone', OLD."phone", 'practical_info', OLD."practical_info", 'practical_info_en', OLD."practical_info_en"));
END;
