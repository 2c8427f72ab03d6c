-- object: trigger audit_hospital_membership_delete
-- drop: DROP TRIGGER IF EXISTS audit_hospital_membership_delete;
CREATE TRIGGER audit_hospital_membership_delete AFTER DELETE ON hospital_membership
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'hospital_membership', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'establishment_id', OLD."establishment_id", 'starts_on', OLD."starts_on", 'ends_on', OLD."ends_on"));
END;
