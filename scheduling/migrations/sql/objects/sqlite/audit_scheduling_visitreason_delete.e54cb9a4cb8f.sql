-- object: trigger audit_scheduling_visitreason_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_visitreason_delete;
CREATE TRIGGER audit_scheduling_visitreason_delete AFTER DELETE ON scheduling_visitreason
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_visitreason', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'agenda_id', OLD."agenda_id", 'label', OLD."label", 'label_en', OLD."label_en", 'duration_minutes', OLD."duration_minutes", 'online_bookable', OLD."online_bookable", 'for_new_patients', OLD."for_new_patients", 'for_returning_patients', OLD."for_returning_patients", 'instructions', OLD."instructions", 'instructions_en', OLD."instructions_en"));
END;
