-- object: trigger audit_hospital_establishment_insert
-- drop: DROP TRIGGER IF EXISTS audit_hospital_establishment_insert;
CREATE TRIGGER audit_hospital_establishment_insert AFTER INSERT ON hospital_establishment
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'hospital_establishment', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'name', NEW."name", 'finess', NEW."finess", 'address', NEW."address", 'postal_code', NEW."postal_code", 'city', NEW."city", 'is_member', NEW."is_member", 'phone', NEW."phone", 'practical_info', NEW."practical_info", 'practical_info_en', NEW."practical_info_en"));
END;
