-- object: trigger audit_scheduling_absence_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_absence_insert;
CREATE TRIGGER audit_scheduling_absence_insert AFTER INSERT ON scheduling_absence
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_absence', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'agenda_id', NEW."agenda_id", 'start', NEW."start", 'end', NEW."end", 'label', NEW."label"));
END;
