-- object: trigger audit_hospital_membership_insert
-- drop: DROP TRIGGER IF EXISTS audit_hospital_membership_insert;
CREATE TRIGGER audit_hospital_membership_insert AFTER INSERT ON hospital_membership
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'hospital_membership', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'establishment_id', NEW."establishment_id", 'starts_on', NEW."starts_on", 'ends_on', NEW."ends_on"));
END;
