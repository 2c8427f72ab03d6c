-- object: trigger audit_scheduling_agenda_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_agenda_delete;
CREATE TRIGGER audit_scheduling_agenda_delete AFTER DELETE ON scheduling_agenda
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_agenda', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'practitioner_id', OLD."practitioner_id", 'department_id', OLD."department_id", 'is_active', OLD."is_active", 'reserved_share', OLD."reserved_share", 'reserved_for', OLD."reserved_for", 'release_hours', OLD."release_hours"));
END;
