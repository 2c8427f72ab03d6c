-- object: trigger audit_scheduling_visitreason_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_visitreason_insert;
CREATE TRIGGER audit_scheduling_visitreason_insert AFTER INSERT ON scheduling_visitreason
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_visitreason', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'agenda_id', NEW."agenda_id", 'label', NEW."label", 'label_en', NEW."label_en", 'duration_minutes', NEW."duration_minutes", 'online_bookable', NEW."online_bookable", 'for_new_patients', NEW."for_new_patients", 'for_returning_patients', NEW."for_returning_patients", 'instructions', NEW."instructions", 'instructions_en', NEW."instructions_en"));
END;
