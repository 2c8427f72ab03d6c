-- object: trigger audit_scheduling_erasure_delete
-- drop: DROP TRIGGER IF EXISTS audit_scheduling_erasure_delete;
CREATE TRIGGER audit_scheduling_erasure_delete AFTER DELETE ON scheduling_erasure
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'scheduling_erasure', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'patient_id', OLD."patient_id", 'basis', OLD."basis", 'reason', OLD."reason", 'erased_at', OLD."erased_at", 'erased_by_id', OLD."erased_by_id"));
END;
