-- object: trigger audit_scheduling_erasure_insert
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_erasure_insert;
CREATE TRIGGER audit_scheduling_erasure_insert AFTER INSERT ON scheduling_erasure
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'scheduling_erasure', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'patient_id', NEW."patient_id", 'basis', NEW."basis", 'reason', NEW."reason", 'erased_at', NEW."erased_at", 'erased_by_id', NEW."erased_by_id"));
END;
