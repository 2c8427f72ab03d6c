-- object: trigger audit_scheduling_slot_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_slot_delete;
CREATE TRIGGER audit_scheduling_slot_delete AFTER DELETE ON scheduling_slot
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_slot', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'agenda_id', OLD."agenda_id", 'start', OLD."start", 'end', OLD."end", 'status', OLD."status", 'rule_id', OLD."rule_id", 'reserved_for', OLD."reserved_for", 'opens_to_all_at', OLD."opens_to_all_at"));
END;
