-- object: trigger audit_scheduling_slot_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_slot_insert;
CREATE TRIGGER audit_scheduling_slot_insert AFTER INSERT ON scheduling_slot
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_slot', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'agenda_id', NEW."agenda_id", 'start', NEW."start", 'end', NEW."end", 'status', NEW."status", 'rule_id', NEW."rule_id", 'reserved_for', NEW."reserved_for", 'opens_to_all_at', NEW."opens_to_all_at"));
END;
