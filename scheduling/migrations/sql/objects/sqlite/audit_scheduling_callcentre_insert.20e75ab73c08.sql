-- object: trigger audit_scheduling_callcentre_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_callcentre_insert;
CREATE TRIGGER audit_scheduling_callcentre_insert AFTER INSERT ON scheduling_callcentre
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_callcentre', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'name', NEW."name", 'is_active', NEW."is_active"));
END;
