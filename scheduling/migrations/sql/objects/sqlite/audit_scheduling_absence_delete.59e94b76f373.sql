-- object: trigger audit_scheduling_absence_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_absence_delete;
CREATE TRIGGER audit_scheduling_absence_delete AFTER DELETE ON scheduling_absence
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_absence', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'agenda_id', OLD."agenda_id", 'start', OLD."start", 'end', OLD."end", 'label', OLD."label"));
END;
