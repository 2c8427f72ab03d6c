-- object: trigger audit_scheduling_agenda_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_agenda_insert;
CREATE TRIGGER audit_scheduling_agenda_insert AFTER INSERT ON scheduling_agenda
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_agenda', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'practitioner_id', NEW."practitioner_id", 'department_id', NEW."department_id", 'is_active', NEW."is_active", 'reserved_share', NEW."reserved_share", 'reserved_for', NEW."reserved_for", 'release_hours', NEW."release_hours"));
END;
