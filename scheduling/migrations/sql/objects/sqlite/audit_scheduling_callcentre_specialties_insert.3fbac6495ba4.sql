-- object: trigger audit_scheduling_callcentre_specialties_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_callcentre_specialties_insert;
CREATE TRIGGER audit_scheduling_callcentre_specialties_insert AFTER INSERT ON scheduling_callcentre_specialties
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_callcentre_specialties', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'callcentre_id', NEW."callcentre_id", 'specialty_id', NEW."specialty_id"));
END;
